using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>The embedded stream's open release windows: closed when every shard has passed them, saved and restored as items.</summary>
public sealed class StreamReleaseWindowsTests
{
    private static readonly DateTimeOffset s_day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DifferentialPrivacyOptions s_options = new() { MaxTransactionsPerCustomer = 2, AmountClamp = 100m, AllowedLateness = TimeSpan.FromHours(1) };
    private const string Food = "FOOD_AND_DRINK";
    private int _next;

    private RecordBatch Batch(string shard, params (string Customer, decimal Amount, DateTimeOffset At)[] rows) =>
        new(shard, rows.Select(r =>
        {
            int i = Interlocked.Increment(ref _next);
            return new PipelineItem(new StreamRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "p", ReadOnlyMemory<byte>.Empty, r.At))
            {
                Output = new EnrichedTransaction { TransactionId = "tx" + i, EventTime = r.At, Amount = r.Amount, Merchant = "m", CustomerId = r.Customer, CardId = "card", Category = Food },
            };
        }).ToList());

    private static long FoodCount(WindowPartial partial) => partial.Counts[ReleaseCategories.IndexOf(Food)];

    [Fact]
    public void Observe_TwoShards_ClosesAWindowOnlyOnceBothPassedItAndBoundsAPersonAcrossShards()
    {
        var windows = new StreamReleaseWindows(s_options, shardCount: 2);

        // One person on both shards, three records of the day: the bound (2) holds across shards.
        RecordBatch a = Batch("a", ("p1", 10m, s_day.AddHours(1)), ("p1", 10m, s_day.AddHours(2)), ("p2", 500m, s_day.AddHours(3)));
        windows.Observe(a, hold: false);
        RecordBatch aAhead = Batch("a", ("p2", 1m, s_day.AddDays(2)));
        windows.Observe(aAhead, hold: false);
        RecordBatch b = Batch("b", ("p1", 10m, s_day.AddHours(4)));
        windows.Observe(b, hold: false);
        Assert.Empty(a.Read<ReleaseHandIn>().Concat(aAhead.Read<ReleaseHandIn>()).Concat(b.Read<ReleaseHandIn>()).SelectMany(h => h.Windows));

        RecordBatch bAhead = Batch("b", ("p3", 1m, s_day.AddDays(1).AddHours(2)));
        windows.Observe(bAhead, hold: false);

        IReadOnlyList<ReleaseHandIn> handIns = bAhead.Read<ReleaseHandIn>();
        Assert.Equal(["a", "b"], handIns.Select(h => h.ShardId).Order());
        Assert.All(handIns, h => Assert.True(h.WindowsAdvanced));
        WindowPartial day = Assert.Single(handIns.SelectMany(h => h.Windows));
        Assert.Equal(s_day.UtcTicks, day.StartTicks);
        Assert.Equal(3, FoodCount(day));
        Assert.Equal((10 + 10 + 100) * 100, day.Cents[ReleaseCategories.IndexOf(Food)]);

        // A record of the closed day is late from now on, on any shard.
        RecordBatch late = Batch("a", ("p4", 5m, s_day.AddHours(5)));
        windows.Observe(late, hold: false);
        Assert.Equal(1, Assert.Single(late.Read<ReleaseHandIn>()).LateExcluded);
    }

    [Fact]
    public void Observe_Held_ClosesNothingUntilCloseAll()
    {
        var windows = new StreamReleaseWindows(s_options, shardCount: 1);
        RecordBatch first = Batch("a", ("p1", 10m, s_day));
        windows.Observe(first, hold: true);
        RecordBatch later = Batch("a", ("p1", 10m, s_day.AddDays(5)));
        windows.Observe(later, hold: true);

        Assert.False(Assert.Single(later.Read<ReleaseHandIn>()).WindowsAdvanced);
        (IReadOnlyList<WindowPartial> closed, long through) = windows.CloseAll();
        Assert.Equal([s_day.UtcTicks, s_day.AddDays(5).UtcTicks], closed.Select(p => p.StartTicks));
        Assert.Equal(s_day.AddDays(6).UtcTicks, through);
        Assert.Empty(windows.OpenWindows);
    }

    [Fact]
    public void CaptureItems_OnlyChangedWindowsAndClosedOnesRemoved_RestoreOfBasePlusDeltaEqualsTheLiveWindows()
    {
        var windows = new StreamReleaseWindows(s_options, shardCount: 1);
        windows.Observe(Batch("a", ("p1", 10m, s_day), ("p2", 20m, s_day.AddDays(1))), hold: true);
        var store = new Dictionary<long, byte[]>();
        byte[] head = Capture(windows, store, out StateItems first);
        Assert.True(first.Full);
        Assert.Equal(2, first.UpsertCount);

        windows.Observe(Batch("a", ("p3", 30m, s_day.AddDays(1))), hold: false);
        head = Capture(windows, store, out StateItems second);
        Assert.False(second.Full);
        Assert.Equal(1, second.UpsertCount);

        // The stream passes day 1 (one shard): day 0 and 1 close, so the next capture removes them.
        windows.Observe(Batch("a", ("p1", 1m, s_day.AddDays(3))), hold: false);
        head = Capture(windows, store, out StateItems third);
        Assert.Equal(2, third.RemovedCount);

        var restored = new StreamReleaseWindows(s_options, shardCount: 1);
        using (var reader = new BinaryReader(new MemoryStream(head)))
        {
            restored.RestoreItems(reader, store.Select(i => new StateItem(0, i.Key, i.Value)));
        }

        Assert.Equal(windows.OpenWindows.Order(), restored.OpenWindows.Order());
        Assert.Equal(windows.ClosedThrough, restored.ClosedThrough);
        (IReadOnlyList<WindowPartial> live, _) = windows.CloseAll();
        (IReadOnlyList<WindowPartial> back, _) = restored.CloseAll();
        Assert.Equal(live.Select(p => (p.StartTicks, FoodCount(p))), back.Select(p => (p.StartTicks, FoodCount(p))));
    }

    private static byte[] Capture(StreamReleaseWindows windows, Dictionary<long, byte[]> store, out StateItems items)
    {
        items = new StateItems(full: false);
        using var buffer = new MemoryStream();
        using (var head = new BinaryWriter(buffer))
        {
            windows.CaptureItems(items, head);
        }

        if (items.Full)
        {
            store.Clear();
        }

        for (int i = 0; i < items.UpsertCount; i++)
        {
            (_, long key, ReadOnlyMemory<byte> data) = items.UpsertAt(i);
            store[key] = data.ToArray();
        }

        for (int i = 0; i < items.RemovedCount; i++)
        {
            store.Remove(items.RemovedAt(i).Key);
        }

        return buffer.ToArray();
    }
}
