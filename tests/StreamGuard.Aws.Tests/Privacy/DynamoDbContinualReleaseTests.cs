using Amazon.DynamoDBv2;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Privacy;

/// <summary>
/// The fleet's continual release against dynalite: the instance of a horizon is paid once for the fleet
/// through the DynamoDB budget, a tree node waits for every shard, is noised once by whichever worker
/// claims it and is the same stored node for every other worker.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class DynamoDbContinualReleaseTests : IDisposable
{
    private const int Width = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_step = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset s_horizon = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly ManualTimeProvider _clock = new();
    private readonly ReleaseFleetTables _tables;

    public DynamoDbContinualReleaseTests(EmulatorFixture emulators)
    {
        _dynamo = emulators.CreateDynamoDbClient();
        _tables = new ReleaseFleetTables(_dynamo, _clock);
    }

    public void Dispose() => _dynamo.Dispose();

    private Task<LeaseTable> LeasesAsync(params string[] shards) => _tables.LeasesAsync(shards);

    private Task<(DynamoDbReleaseCoordinator Coordinator, PrivacyBudgetLedger Ledger)> WorkerAsync(LeaseTable leases, string workerId) =>
        _tables.WorkerAsync(leases, workerId);

    private static (ReleaseRequest Request, PrivacyLedgerEntry Entry) Instance(double epsilon, double total)
    {
        var request = new ReleaseRequest("population/" + s_horizon.UtcTicks, s_horizon.UtcTicks, (s_horizon + TimeSpan.FromDays(1)).UtcTicks, s_horizon, TimeSpan.FromDays(1), epsilon, epsilon, 0, 0, total);
        var entry = new PrivacyLedgerEntry
        {
            ReleaseId = request.ReleaseId,
            Query = PrivateCategoryReport.ContinualQuery,
            RecordedAt = DateTimeOffset.UnixEpoch,
            WindowStart = s_horizon,
            WindowEnd = s_horizon + TimeSpan.FromDays(1),
            Mechanism = "Laplace",
            Epsilon = epsilon,
            Delta = 0,
            Sensitivity = 1,
            NoiseScale = 1,
        };
        return (request, entry);
    }

    private static StepPartial Step(int step, params long[] values) => new(s_horizon.UtcTicks, step, values);

    private static long Through(int steps) => s_horizon.UtcTicks + (steps * s_step.Ticks);

    /// <summary>A node noise that adds <paramref name="noise"/> to every statistic and records what it was given.</summary>
    private static Func<long[], long[]> Noise(long noise, List<long[]> seen) => exact =>
    {
        seen.Add(exact);
        return exact.Select(v => v + noise).ToArray();
    };

    private static Task<long[]?> NodeAsync(DynamoDbReleaseCoordinator worker, int completed, int span, long noise, List<long[]> seen) =>
        worker.TryReleaseNodeAsync(s_horizon.UtcTicks, completed, span, s_step, Width, Noise(noise, seen), CancellationToken.None).WaitAsync(s_timeout);

    [Fact]
    public async Task PayInstance_TwoWorkersRace_PaidOnceThroughTheBudgetAndTheSameEntryForBoth()
    {
        LeaseTable leases = await LeasesAsync("shard-0");
        (DynamoDbReleaseCoordinator a, PrivacyBudgetLedger ledgerA) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, PrivacyBudgetLedger ledgerB) = await WorkerAsync(leases, "worker-b");
        (ReleaseRequest request, PrivacyLedgerEntry entry) = Instance(2, 10);

        ReleaseOutcome[] first = await Task.WhenAll(
            Task.Run(() => a.PayInstanceAsync(request, entry, CancellationToken.None)),
            Task.Run(() => b.PayInstanceAsync(request, entry, CancellationToken.None))).WaitAsync(s_timeout);
        // A restart (or the loser asking again) finds it paid: no second spend.
        ReleaseOutcome again = await a.PayInstanceAsync(request, entry, CancellationToken.None).WaitAsync(s_timeout);
        ReleaseOutcome againB = await b.PayInstanceAsync(request, entry, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(1, first.Count(o => o.DrawnHere));
        Assert.All(new[] { again, againB }, o => Assert.Equal((ReleaseState.Released, false), (o.State, o.DrawnHere)));
        Assert.Equal(entry.ReleaseId, Assert.Single(again.Entries).ReleaseId);
        Assert.Equal((2d, 0d, 1L), await a.Budget.ReadAsync(s_horizon, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(1, ledgerA.Releases + ledgerB.Releases);
        Assert.Equal(1, a.InstancesPaid + b.InstancesPaid);
        Assert.Equal(2, await a.SpentAsync(s_horizon, 0, CancellationToken.None).WaitAsync(s_timeout), 9);
    }

    [Fact]
    public async Task PayInstance_BudgetSpentByWindows_RefusedAndStoredAsRefused()
    {
        LeaseTable leases = await LeasesAsync("shard-0");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, _) = await WorkerAsync(leases, "worker-b");
        (ReleaseRequest request, PrivacyLedgerEntry entry) = Instance(2, 10);
        // Windows have spent 9 of the 10: an instance of 2 does not fit.
        Assert.True(await a.Budget.TrySpendAsync(request with { ReleaseId = "window", Epsilon = 9, PureEpsilon = 9 }, CancellationToken.None).WaitAsync(s_timeout));

        ReleaseOutcome refused = await a.PayInstanceAsync(request, entry, CancellationToken.None).WaitAsync(s_timeout);
        ReleaseOutcome stored = await b.PayInstanceAsync(request, entry, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((ReleaseState.Refused, ReleaseState.Refused), (refused.State, stored.State));
        Assert.Equal((9d, 0d, 1L), await a.Budget.ReadAsync(s_horizon, CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task TryReleaseNode_OneShardBehind_PendingThenOneDrawSameNodeForBoth()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, _) = await WorkerAsync(leases, "worker-b");
        var seenA = new List<long[]>();
        var seenB = new List<long[]>();
        await a.ContributeStepsAsync("shard-0", Through(1), [Step(0, 1, 2, 3, 4)], CancellationToken.None).WaitAsync(s_timeout);

        Assert.Null(await NodeAsync(a, 1, 1, 100, seenA));
        Assert.Empty(seenA);

        // Shard 1 passes the step; a re-read of shard 0 hands its step in again: the first partial stands.
        await b.ContributeStepsAsync("shard-1", Through(1), [Step(0, 10, 20, 30, 40)], CancellationToken.None).WaitAsync(s_timeout);
        await b.ContributeStepsAsync("shard-0", Through(1), [Step(0, 1_000, 1_000, 1_000, 1_000)], CancellationToken.None).WaitAsync(s_timeout);
        long[]?[] raced = await Task.WhenAll(
            Task.Run(() => NodeAsync(a, 1, 1, 100, seenA)),
            Task.Run(() => NodeAsync(b, 1, 1, 5_000, seenB))).WaitAsync(s_timeout);
        long[]?[] again = [await NodeAsync(a, 1, 1, 100, seenA), await NodeAsync(b, 1, 1, 5_000, seenB)];

        long[] exact = Assert.Single(seenA.Concat(seenB));
        Assert.Equal(new long[] { 11, 22, 33, 44 }, exact);
        long noise = seenA.Count == 1 ? 100 : 5_000;
        long[] expected = new long[] { 11, 22, 33, 44 }.Select(v => v + noise).ToArray();
        Assert.All(again, node => Assert.Equal(expected, node));
        Assert.All(raced.Where(n => n is not null), node => Assert.Equal(expected, node));
        Assert.Equal(1, a.NodesDrawn + b.NodesDrawn);
    }

    [Fact]
    public async Task TryReleaseNode_NodeSpanningTwoSteps_SumsBothStepsOfEveryShard()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        await a.ContributeStepsAsync("shard-0", Through(2), [Step(0, 1, 0, 0, 0), Step(1, 2, 0, 0, 0)], CancellationToken.None).WaitAsync(s_timeout);
        // Shard 1 had nothing in step 0 (no partial: zero) and passed step 1 later.
        await a.ContributeStepsAsync("shard-1", Through(1), [], CancellationToken.None).WaitAsync(s_timeout);
        Assert.Null(await NodeAsync(a, 2, 2, 0, []));
        await a.ContributeStepsAsync("shard-1", Through(2), [Step(1, 4, 0, 0, 1)], CancellationToken.None).WaitAsync(s_timeout);

        var seen = new List<long[]>();
        long[]? node = await NodeAsync(a, 2, 2, 0, seen);

        Assert.Equal(new long[] { 7, 0, 0, 1 }, node);
        Assert.Single(seen);
    }
}
