using Amazon.DynamoDBv2;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Privacy;

/// <summary>
/// The fleet release protocol against dynalite, step by step with a manual clock: the claim is won by
/// exactly one worker, the others get its stored values, the budget is spent once and never overspent.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class DynamoDbReleaseCoordinatorTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly long s_day = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly ManualTimeProvider _clock = new();
    private readonly ReleaseFleetTables _tables;

    public DynamoDbReleaseCoordinatorTests(EmulatorFixture emulators)
    {
        _dynamo = emulators.CreateDynamoDbClient();
        _tables = new ReleaseFleetTables(_dynamo, _clock);
    }

    public void Dispose() => _dynamo.Dispose();

    private Task<LeaseTable> LeasesAsync(params string[] shards) => _tables.LeasesAsync(shards);

    private Task<(DynamoDbReleaseCoordinator Coordinator, PrivacyBudgetLedger Ledger)> WorkerAsync(LeaseTable leases, string workerId) =>
        _tables.WorkerAsync(leases, workerId);

    private static ReleaseRequest Request(long start, double epsilon = 1, double total = 10) =>
        new("category-day/" + start, start, start + TimeSpan.TicksPerDay, new DateTimeOffset(s_day, TimeSpan.Zero), TimeSpan.FromDays(30), epsilon, epsilon, 0, 0, total);

    private static WindowPartial Partial(long start, long count, long cents)
    {
        WindowPartial partial = WindowPartial.Empty(start);
        partial.Counts[0] = count;
        partial.Cents[0] = cents;
        return partial;
    }

    /// <summary>A draw that adds <paramref name="noise"/> to the first category and counts its calls.</summary>
    private static Func<WindowPartial, IReadOnlyList<PrivacyLedgerEntry>> Draw(ReleaseRequest request, long noise, List<WindowPartial> seen) => sum =>
    {
        seen.Add(sum);
        PrivacyLedgerEntry Entry(string query, long value) => new()
        {
            ReleaseId = request.ReleaseId,
            Query = query,
            RecordedAt = DateTimeOffset.UnixEpoch,
            WindowStart = new DateTimeOffset(request.StartTicks, TimeSpan.Zero),
            WindowEnd = new DateTimeOffset(request.EndTicks, TimeSpan.Zero),
            Mechanism = "Laplace",
            Epsilon = request.Epsilon / 2,
            Delta = 0,
            Sensitivity = 1,
            NoiseScale = 1,
            NoisyValues = new Dictionary<string, long> { [ReleaseCategories.All[0]] = value + noise },
        };

        return [Entry(PrivateCategoryReport.CountQuery, sum.Counts[0]), Entry(PrivateCategoryReport.SumQuery, sum.Cents[0])];
    };

    private static Task<ReleaseOutcome> TryAsync(DynamoDbReleaseCoordinator worker, ReleaseRequest request, long noise, List<WindowPartial> seen) =>
        worker.TryReleaseAsync(request, Draw(request, noise, seen), inputComplete: false, CancellationToken.None).WaitAsync(s_timeout);

    [Fact]
    public async Task TryRelease_ShardNotPassed_PendingAndNothingSpent()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        ReleaseRequest request = Request(s_day);
        var draws = new List<WindowPartial>();

        await a.ContributeAsync("shard-0", request.EndTicks, [Partial(s_day, 3, 300)], CancellationToken.None).WaitAsync(s_timeout);
        ReleaseOutcome outcome = await TryAsync(a, request, 0, draws);

        Assert.Equal(ReleaseState.Pending, outcome.State);
        Assert.Empty(draws);
        Assert.Equal((0d, 0d, 0L), await a.Budget.ReadAsync(request.HorizonStart, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal([s_day], await a.OpenWindowsAsync(s_day, CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task TryRelease_TwoWorkersRaceForTheClaim_OneDrawOneSpendSameValuesForBoth()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        (DynamoDbReleaseCoordinator a, PrivacyBudgetLedger ledgerA) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, PrivacyBudgetLedger ledgerB) = await WorkerAsync(leases, "worker-b");
        ReleaseRequest request = Request(s_day);
        await a.ContributeAsync("shard-0", request.EndTicks, [Partial(s_day, 3, 300)], CancellationToken.None).WaitAsync(s_timeout);
        await b.ContributeAsync("shard-1", request.EndTicks, [Partial(s_day, 4, 400)], CancellationToken.None).WaitAsync(s_timeout);
        // A re-read of shard 1 after a lease move hands the window in again: the first partial stands.
        await a.ContributeAsync("shard-1", request.EndTicks, [Partial(s_day, 40, 4000)], CancellationToken.None).WaitAsync(s_timeout);

        var drawsA = new List<WindowPartial>();
        var drawsB = new List<WindowPartial>();

        // Both workers see the window complete at once and race for the claim.
        ReleaseOutcome[] first = await Task.WhenAll(
            Task.Run(() => TryAsync(a, request, 5, drawsA)),
            Task.Run(() => TryAsync(b, request, 1_000, drawsB))).WaitAsync(s_timeout);
        // Whoever lost asks again (as the report does a moment later) and gets the stored values.
        ReleaseOutcome[] second = [await TryAsync(a, request, 5, drawsA), await TryAsync(b, request, 1_000, drawsB)];

        ReleaseOutcome won = Assert.Single(first, o => o.DrawnHere);
        Assert.Equal((ReleaseState.Released, true), (won.State, won.Publish));
        Assert.All(second, o => Assert.Equal((ReleaseState.Released, false, false), (o.State, o.DrawnHere, o.Publish)));
        WindowPartial drawn = Assert.Single(drawsA.Concat(drawsB));
        Assert.Equal((7L, 700L), (drawn.Counts[0], drawn.Cents[0]));
        long noise = drawsA.Count == 1 ? 5 : 1_000;
        Assert.All(second, o => Assert.Equal(7 + noise, o.Entries.Single(e => e.Query == PrivateCategoryReport.CountQuery).NoisyValues![ReleaseCategories.All[0]]));
        Assert.All(second, o => Assert.Equal(won.Entries.Select(e => e.NoisyValues![ReleaseCategories.All[0]]), o.Entries.Select(e => e.NoisyValues![ReleaseCategories.All[0]])));
        Assert.Equal((1d, 0d, 1L), await a.Budget.ReadAsync(request.HorizonStart, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(1, ledgerA.Releases + ledgerB.Releases);
        Assert.Equal(1, a.Drawn + b.Drawn);
        Assert.Empty(await a.OpenWindowsAsync(long.MaxValue, CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task TryRelease_FinishedShardWithoutProgress_CountsAsPassed()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        await leases.TakeAsync((await leases.GetAsync("shard-1", CancellationToken.None))!, "worker-a", CancellationToken.None).WaitAsync(s_timeout);
        Assert.True(await leases.CheckpointAsync("shard-1", "worker-a", LeaseCheckpoints.ShardEnd, CancellationToken.None).WaitAsync(s_timeout));
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        ReleaseRequest request = Request(s_day);
        await a.ContributeAsync("shard-0", request.EndTicks, [Partial(s_day, 2, 20)], CancellationToken.None).WaitAsync(s_timeout);

        ReleaseOutcome outcome = await TryAsync(a, request, 0, []);

        Assert.Equal(ReleaseState.Released, outcome.State);
    }

    [Fact]
    public async Task TryRelease_ClaimHolderDied_TakenOverAfterTimeoutAndSpendCountedTwice()
    {
        LeaseTable leases = await LeasesAsync("shard-0");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, _) = await WorkerAsync(leases, "worker-b");
        ReleaseRequest request = Request(s_day);
        await a.ContributeAsync("shard-0", request.EndTicks, [Partial(s_day, 2, 20)], CancellationToken.None).WaitAsync(s_timeout);

        // Worker a claims and pays, then dies before storing any value.
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.TryReleaseAsync(request, _ => throw new InvalidOperationException("died"), false, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(ReleaseState.Pending, (await TryAsync(b, request, 0, [])).State);
        Assert.Equal(1, b.ClaimsLost);
        _clock.Advance(DynamoDbReleaseCoordinator.ClaimTimeout + TimeSpan.FromSeconds(1));
        ReleaseOutcome taken = await TryAsync(b, request, 0, []);

        Assert.Equal((ReleaseState.Released, true), (taken.State, taken.DrawnHere));
        // The dead claim's spend stays counted: the budget errs on the safe side.
        Assert.Equal((2d, 0d, 2L), await b.Budget.ReadAsync(request.HorizonStart, CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task TrySpend_TwoWorkersRaceForTheLastOfTheBudget_ExactlyOneWindowReleased()
    {
        LeaseTable leases = await LeasesAsync("shard-0");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        (DynamoDbReleaseCoordinator b, _) = await WorkerAsync(leases, "worker-b");
        long next = s_day + TimeSpan.TicksPerDay;
        await a.ContributeAsync("shard-0", next + TimeSpan.TicksPerDay, [Partial(s_day, 1, 1), Partial(next, 1, 1)], CancellationToken.None).WaitAsync(s_timeout);

        // Room for one release of epsilon 1 in a total of 1.5: both windows are tried at once by different workers.
        ReleaseOutcome[] outcomes = await Task.WhenAll(
            Task.Run(() => TryAsync(a, Request(s_day, 1, 1.5), 0, [])),
            Task.Run(() => TryAsync(b, Request(next, 1, 1.5), 0, []))).WaitAsync(s_timeout);

        Assert.Equal(1, outcomes.Count(o => o.State == ReleaseState.Released));
        Assert.Equal(1, outcomes.Count(o => o.State == ReleaseState.Refused));
        Assert.Equal((1d, 0d, 1L), await a.Budget.ReadAsync(new DateTimeOffset(s_day, TimeSpan.Zero), CancellationToken.None).WaitAsync(s_timeout));
        // The refusal is stored: a later try by anyone is refused without spending.
        ReleaseOutcome again = await TryAsync(a, outcomes[0].State == ReleaseState.Refused ? Request(s_day, 1, 1.5) : Request(next, 1, 1.5), 0, []);
        Assert.Equal(ReleaseState.Refused, again.State);
    }

    [Fact]
    public async Task TryRelease_IdleShard_CountsAsPassedAndItsLaterPartialIsLateNeverReleasedAgain()
    {
        LeaseTable leases = await LeasesAsync("shard-0", "shard-1");
        (DynamoDbReleaseCoordinator a, _) = await WorkerAsync(leases, "worker-a");
        ReleaseRequest request = Request(s_day);
        ReleaseRequest next = Request(s_day + TimeSpan.TicksPerDay);
        await a.ContributeAsync("shard-0", next.EndTicks, [Partial(s_day, 3, 300), Partial(next.StartTicks, 1, 100)], CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(ReleaseState.Pending, (await TryAsync(a, request, 0, [])).State);

        // Shard 1 has been quiet at its tip: it counts as passed up to shard 0.
        await a.MarkIdleAsync("shard-1", CancellationToken.None).WaitAsync(s_timeout);
        var draws = new List<WindowPartial>();
        ReleaseOutcome released = await TryAsync(a, request, 7, draws);
        Assert.Equal((ReleaseState.Released, true), (released.State, released.DrawnHere));
        Assert.Equal(3, Assert.Single(draws).Counts[0]);

        // Its records of the released window come later: counted late, the window keeps its values.
        long late = await a.ContributeAsync("shard-1", request.EndTicks, [Partial(s_day, 5, 500)], CancellationToken.None).WaitAsync(s_timeout);
        ReleaseOutcome again = await TryAsync(a, request, 1_000, draws);
        Assert.Equal(5, late);
        Assert.Equal((ReleaseState.Released, false), (again.State, again.DrawnHere));
        Assert.Equal(10, again.Entries.Single(e => e.Query == PrivateCategoryReport.CountQuery).NoisyValues![ReleaseCategories.All[0]]);
        Assert.Single(draws);

        // Active again, it holds the next window back until it passes it, like any shard.
        await a.MarkActiveAsync("shard-1", CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(ReleaseState.Pending, (await TryAsync(a, next, 0, [])).State);
    }
}
