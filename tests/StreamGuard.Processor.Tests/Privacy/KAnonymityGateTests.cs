using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class KAnonymityGateTests
{
    private static readonly DateTimeOffset s_at = new(2024, 3, 5, 14, 37, 12, TimeSpan.Zero);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static EnrichedTransaction Row(string customer, string age = "40-49", string state = "CA", string zip3 = "937", string cell = "36:-120") => new()
    {
        TransactionId = "txn_" + customer,
        EventTime = s_at,
        Amount = 123.45m,
        Merchant = "m",
        CustomerId = customer,
        CardId = "card_" + customer,
        CardLast4 = "4242",
        Category = "FOOD_AND_DRINK",
        AgeBand = age,
        HomeState = state,
        HomeZip3 = zip3,
        HomeCell = cell,
    };

    [Fact]
    public void Release_ClassOfKPeople_KeepsEveryQuasiIdentifier()
    {
        var gate = new KAnonymityGate(3);
        for (int i = 0; i < 3; i++)
        {
            gate.Observe(Row("c" + i));
        }

        EnrichedTransaction shown = gate.Release(Row("c0"));

        Assert.Equal(("40-49", "CA", "937", "36:-120", "4242"), (shown.AgeBand, shown.HomeState, shown.HomeZip3, shown.HomeCell, shown.CardLast4));
        Assert.Equal((123m, 14, 0), (shown.Amount, shown.EventTime.Hour, shown.EventTime.Minute));
        Assert.Equal((0L, 0L), (gate.Generalised, gate.SuppressedRows));
    }

    [Fact]
    public void Release_AloneInItsCellButNotInItsZip_CellDropped()
    {
        var gate = new KAnonymityGate(3);
        gate.Observe(Row("c0", cell: "37:-121"));
        gate.Observe(Row("c1"));
        gate.Observe(Row("c2"));

        EnrichedTransaction shown = gate.Release(Row("c0", cell: "37:-121"));

        Assert.Equal(1, gate.LevelOf(Row("c0", cell: "37:-121")));
        Assert.Null(shown.HomeCell);
        Assert.Equal(("40-49", "937"), (shown.AgeBand, shown.HomeZip3));
        Assert.Equal(1, gate.Generalised);
    }

    [Fact]
    public void Release_SeveralPurchasesOfOnePerson_StillOnePersonSoSuppressed()
    {
        var gate = new KAnonymityGate(2);
        for (int i = 0; i < 50; i++)
        {
            gate.Observe(Row("only", state: "WY"));
        }

        EnrichedTransaction shown = gate.Release(Row("only", state: "WY"));

        Assert.Equal(KAnonymityGate.Suppressed, gate.LevelOf(Row("only", state: "WY")));
        Assert.Equal((null, null, null, null, null), (shown.AgeBand, shown.HomeState, shown.HomeZip3, shown.HomeCell, shown.CardLast4));
        Assert.Equal((120m, 0, 0), (shown.Amount, shown.EventTime.Hour, shown.EventTime.Minute));
        Assert.Equal(1, gate.SuppressedRows);
    }

    [Fact]
    public void Release_StateSharedByKPeopleOfOtherAges_OnlyTheStateKept()
    {
        var gate = new KAnonymityGate(3);
        gate.Observe(Row("c0", age: "80-89"));
        gate.Observe(Row("c1", age: "20-29", zip3: "900"));
        gate.Observe(Row("c2", age: "30-39", zip3: "941"));

        EnrichedTransaction shown = gate.Release(Row("c0", age: "80-89"));

        Assert.Equal(3, gate.LevelOf(Row("c0", age: "80-89")));
        Assert.Equal(("CA", null, null, null), (shown.HomeState, shown.AgeBand, shown.HomeZip3, shown.HomeCell));
    }

    [Fact]
    public async Task LiveFeedSink_WithGate_EveryReleasedRowSitsInAClassOfAtLeastKPeople()
    {
        const int K = 5;
        var gate = new KAnonymityGate(K);
        var feed = new LiveFeed();
        using var unsubscribe = new CancellationTokenSource();
        System.Threading.Channels.ChannelReader<LiveUpdate> reader = feed.Subscribe(unsubscribe.Token);
        var sink = new LiveFeedSink(feed, gate: gate);
        string[] states = ["CA", "CA", "CA", "NY", "WY"];
        string[] ages = ["20-29", "40-49", "40-49", "60-69"];
        var rows = Enumerable.Range(0, 40).Select(i => Row("c" + (i % 20), ages[i % 20 % 4], states[i % 20 % 5], "9" + (i % 20 % 3).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "cell" + (i % 20 % 2))).ToList();
        var released = new List<EnrichedTransaction>();
        for (int b = 0; b < 4; b++)
        {
            var batch = new RecordBatch("a", rows.Skip(b * 10).Take(10).Select((r, i) => new PipelineItem(new StreamRecord((b * 10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "p", ReadOnlyMemory<byte>.Empty, s_at)) { Output = r }).ToList());
            await sink.WriteAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
            released.AddRange((await reader.ReadAsync().AsTask().WaitAsync(s_timeout)).Recent);
        }

        Assert.Equal(40, released.Count);
        // Recompute the classes from what was observed: every released combination of quasi-identifiers is shared by k people.
        foreach (EnrichedTransaction shown in released.Where(r => r.HomeState is not null || r.AgeBand is not null))
        {
            int people = rows.Where(r => Matches(r, shown)).Select(r => r.CustomerId).Distinct().Count();
            Assert.True(people >= K, $"released ({shown.AgeBand}, {shown.HomeState}, {shown.HomeZip3}, {shown.HomeCell}) matches {people} people");
        }

        Assert.Contains(released, r => r.HomeState is null); // WY has 4 people: suppressed
        Assert.True(gate.Generalised > 0);
    }

    private static bool Matches(EnrichedTransaction r, EnrichedTransaction shown) =>
        (shown.AgeBand is null || shown.AgeBand == r.AgeBand) && (shown.HomeState is null || shown.HomeState == r.HomeState)
        && (shown.HomeZip3 is null || shown.HomeZip3 == r.HomeZip3) && (shown.HomeCell is null || shown.HomeCell == r.HomeCell);
}
