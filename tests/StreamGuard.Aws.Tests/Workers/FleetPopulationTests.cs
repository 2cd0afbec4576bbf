using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline.State;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>
/// The fleet's DP releases on the emulators beyond one window at a time: the console's population view
/// (the continual release) is one instance for the fleet, paid once through the DynamoDB budget, each node
/// noised once and shown alike by every worker; and a lease that moves mid-window still releases the whole
/// window, because the shard's open windows are saved with its state.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class FleetPopulationTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(180);
    private static readonly DateTimeOffset s_day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    // 3,000 events 7 s apart from 08:00 end at 13:49:53 on every shard: the eleven half-hour windows (and
    // continual steps) 08:00-13:30 close everywhere; with a one-day horizon from midnight the continual
    // release has 27 completed steps (sixteen empty ones before 08:00) and is as of 13:30.
    private const int EventCount = 3_000;
    private const int ClosedWindows = 11;
    private const int CompletedSteps = 27;

    private static void HalfHourSteps(StreamGuardOptions o, bool continual)
    {
        DifferentialPrivacyOptions dp = o.Privacy.Differential;
        dp.ReleaseWindow = TimeSpan.FromMinutes(30);
        dp.AllowedLateness = TimeSpan.Zero;
        dp.MinGroupSize = 1;
        dp.BudgetHorizon = TimeSpan.FromDays(1);
        dp.ContinualStep = TimeSpan.FromMinutes(30);
        dp.ContinualEpsilon = continual ? 2 : 0;
        dp.TotalEpsilon = 10;
        // No per-person cap bites on these events: each window's and step's partials must then add up to the events themselves.
        dp.MaxTransactionsPerCustomer = 10_000;
        dp.ContinualDailyCategoryClamp = 100_000;
        dp.ContinualMaxAmountPerCustomer = 1_000_000;
    }

    [Fact]
    public async Task ThreeWorkers_ContinualRelease_OneInstanceOneDrawPerNodeSameViewOnEveryWorker()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration, live: true, configure: o => HalfHourSteps(o, continual: true));
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> events = TestEvents.Create(EventCount, system.RunId);
        RunningWorker[] workers = [system.Start("worker-a"), system.Start("worker-b"), system.Start("worker-c")];
        await system.ReplayAsync(events, parallelism: 1);
        DateTimeOffset asOf = s_day + (CompletedSteps * TimeSpan.FromMinutes(30));
        await Eventually.WaitAsync(
            () => workers.All(w => w.Worker.PrivateReport.Population?.AsOf == asOf),
            s_deadline,
            () => $"processed {system.Processed}; as of {string.Join(", ", workers.Select(w => w.Worker.PrivateReport.Population?.AsOf.ToString("u", CultureInfo.InvariantCulture) ?? "none"))}{Failures(workers)}");
        Assert.All(workers, w => w.ThrowIfFailed());
        foreach (RunningWorker w in workers)
        {
            output.WriteLine($"{w.Id}: paid {w.Worker.Releases.InstancesPaid} instance(s), drew {w.Worker.Releases.NodesDrawn} node(s), {w.Worker.PopulationRefresher?.Refreshes} refreshes");
        }

        // One instance for the fleet, paid once: in the DynamoDB budget and once in the shared S3 ledger.
        List<Dictionary<string, AttributeValue>> items = await system.ScanAsync(system.Options.Sinks.ReleasesTable);
        Dictionary<string, AttributeValue> instance = Assert.Single(items, i => i[DynamoDbReleaseCoordinator.SortKey].S == DynamoDbReleaseCoordinator.InstanceSortKey);
        Assert.Equal("released", instance["state"].S);
        Assert.Equal(1, workers.Sum(w => w.Worker.Releases.InstancesPaid));
        var reread = new PrivacyBudgetLedger(new S3PrivacyLedgerStore(system.S3, system.Options.Sinks.ArchiveBucket, system.Options.Sinks.PrivacyLedgerPrefix));
        await reread.EnsureLoadedAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.Single(reread.Entries, e => e.Query == PrivateCategoryReport.ContinualQuery);

        // Every node drawn once across the fleet, stored, and every worker's view is the sum of the stored nodes.
        List<long[]> nodes = items.Where(i => i[DynamoDbReleaseCoordinator.PartitionKey].S.Contains("|c|", StringComparison.Ordinal) && i[DynamoDbReleaseCoordinator.SortKey].S == DynamoDbReleaseCoordinator.ReleaseSortKey)
            .Select(i => Numbers(i["node"].S)).ToList();
        Assert.Equal(CompletedSteps, nodes.Count);
        Assert.Equal(CompletedSteps, workers.Sum(w => w.Worker.Releases.NodesDrawn));
        int categories = ReleaseCategories.All.Count;
        PopulationRelease first = workers[0].Worker.PrivateReport.Population!;
        for (int c = 0; c < categories; c++)
        {
            Assert.Equal(Math.Max(0, nodes.Sum(n => n[c])), first.Categories[c].Count);
            Assert.Equal(Math.Max(0, nodes.Sum(n => n[categories + c])) / 100m, first.Categories[c].Amount);
        }

        foreach (RunningWorker w in workers.Skip(1))
        {
            PopulationRelease view = w.Worker.PrivateReport.Population!;
            Assert.Equal(first.Categories.Select(v => (v.Key, v.Count, v.Amount, v.Customers)), view.Categories.Select(v => (v.Key, v.Count, v.Amount, v.Customers)));
            Assert.Equal(first.Segments.Select(v => (v.Key, v.Count)), view.Segments.Select(v => (v.Key, v.Count)));
            Assert.True(view.EpsilonSpent >= 2, $"{w.Id} shows {view.EpsilonSpent} spent: the fleet's instance is not counted");
        }

        // The shards' partials (exact, internal) add up to the events before 13:30, every person counted once in the segments.
        List<long[]> partials = items.Where(i => i[DynamoDbReleaseCoordinator.PartitionKey].S.Contains("|c|", StringComparison.Ordinal) && i[DynamoDbReleaseCoordinator.SortKey].S.StartsWith("p|", StringComparison.Ordinal))
            .Select(i => Numbers(i["values"].S)).ToList();
        List<TransactionEvent> counted = events.Where(e => e.EventTime < asOf).ToList();
        Assert.Equal(counted.Count, partials.Sum(p => p.Take(categories).Sum()));
        Assert.Equal(counted.Sum(e => (long)Math.Round(e.Amount * 100m)), partials.Sum(p => p.Skip(categories).Take(categories).Sum()));
        Assert.Equal(64, partials.Sum(p => p.Skip(3 * categories).Sum()));

        // The budget holds the windows and ONE instance.
        (double pure, _, long version) = await workers[0].Worker.Releases.Budget.ReadAsync(s_day, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.True(version <= ClosedWindows + 1, $"{version} spends: more than the windows and one instance");
        Assert.Equal(2 + ((version - 1) * 0.25), pure, 9);
    }

    [Fact]
    public async Task LeaseMovesMidWindow_NewOwnerRestoresTheOpenWindows_EveryWindowReleasesTheWholeTotals()
    {
        var state = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) };
        await using var system = new AwsSystem(emulators, s_leaseDuration, configure: o => HalfHourSteps(o, continual: false)) { State = state };
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> events = TestEvents.Create(EventCount, system.RunId);
        RunningWorker a = system.Start("worker-a");

        // Worker a reads the first half (up to 10:55, in the middle of the 10:30 window) and saves every shard's state.
        await system.ReplayAsync(events.Take(EventCount / 2), parallelism: 1);
        await Eventually.WaitAsync(() => system.Processed >= EventCount / 2, s_deadline, () => $"processed {system.Processed} of {EventCount / 2}");
        var store = new ShardStateStore(system.S3, system.Options.Sinks.ArchiveBucket, "state/", system.Options.StreamName, a.Worker.Coordinator.Table, "test");
        await Eventually.WaitAsync(() => SavedThroughCheckpointAsync(store), s_deadline, () => "the shards' saved state does not cover their checkpoints yet");
        await a.KillAsync();

        // Worker b takes every lease over (after they expire) and reads the second half.
        RunningWorker b = system.Start("worker-b");
        await system.ReplayAsync(events.Skip(EventCount / 2), parallelism: 1);
        await Eventually.WaitAsync(async () => (await system.ScanAsync(system.Options.Sinks.ReleasesTable)).Count(i => i[DynamoDbReleaseCoordinator.SortKey].S == DynamoDbReleaseCoordinator.ReleaseSortKey && i.GetValueOrDefault("state")?.S == "released") >= ClosedWindows, s_deadline, () => $"processed {system.Processed}{Failures([a, b])}");
        b.ThrowIfFailed();
        Assert.Equal(4, b.Worker.Shards.RestoredFromSaved);

        // Every window's partials (what was noised) are the window's whole totals, as one worker would have counted them.
        List<Dictionary<string, AttributeValue>> items = await system.ScanAsync(system.Options.Sinks.ReleasesTable);
        for (int k = 0; k < ClosedWindows; k++)
        {
            DateTimeOffset start = s_day.AddHours(8) + (k * TimeSpan.FromMinutes(30));
            string key = system.Options.StreamName + "|w|" + start.UtcTicks.ToString("D20", CultureInfo.InvariantCulture);
            List<Dictionary<string, AttributeValue>> parts = items.Where(i => i[DynamoDbReleaseCoordinator.PartitionKey].S == key && i[DynamoDbReleaseCoordinator.SortKey].S.StartsWith("p|", StringComparison.Ordinal)).ToList();
            List<TransactionEvent> inWindow = events.Where(e => e.EventTime >= start && e.EventTime < start + TimeSpan.FromMinutes(30)).ToList();
            output.WriteLine($"{start:HH:mm}: {parts.Count} partials, {parts.Sum(p => Numbers(p["counts"].S).Sum())} of {inWindow.Count} transactions");
            Assert.Equal(inWindow.Count, parts.Sum(p => Numbers(p["counts"].S).Sum()));
            Assert.Equal(inWindow.Sum(e => (long)Math.Round(e.Amount * 100m)), parts.Sum(p => Numbers(p["cents"].S).Sum()));
        }
    }

    [Fact]
    public async Task OneShardGetsNothing_MarkedIdleAfterTheTimeout_TheOtherShardsWindowsAreReleased()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration, configure: o => HalfHourSteps(o, continual: false));
        system.Options.Leases.IdleShardTimeout = TimeSpan.FromSeconds(1);
        await system.CreateAsync(shards: 2);
        // One card: every record lands on one shard; the other stays empty at its tip. 600 events 7 s apart from
        // 08:00 end at 09:09:53, so the 08:00 and 08:30 windows close on the busy shard.
        List<TransactionEvent> events = TestEvents.Create(600, system.RunId, cards: 1);
        RunningWorker worker = system.Start("worker-a");
        await system.ReplayAsync(events, parallelism: 1);
        await Eventually.WaitAsync(
            () => Task.FromResult(system.Processed >= events.Count && worker.Worker.IdleShards!.MarkedIdle >= 1),
            s_deadline,
            () => $"processed {system.Processed}, idle marks {worker.Worker.IdleShards?.MarkedIdle}{Failures([worker])}");
        // Windows are retried when a batch arrives: the busy shard keeps a trickle of traffic, as a live stream's
        // would (with every shard quiet, a window waits for the next record: a known limit). At most 100 more
        // records on the same card (7 s apart from 09:10, so they close no further window).
        int extra = 0;
        await Eventually.WaitAsync(
            async () =>
            {
                if ((await system.ScanAsync(system.Options.Sinks.ReleasesTable)).Count(i => i[DynamoDbReleaseCoordinator.SortKey].S == DynamoDbReleaseCoordinator.ReleaseSortKey && i.GetValueOrDefault("state")?.S == "released") >= 2)
                {
                    return true;
                }

                if (extra < 100)
                {
                    await system.ReplayAsync(TestEvents.Create(2, system.RunId, offset: events.Count + extra, cards: 1), parallelism: 1);
                    extra += 2;
                }

                return false;
            },
            s_deadline,
            () => $"processed {system.Processed}, idle marks {worker.Worker.IdleShards?.MarkedIdle}{Failures([worker])}; releases table: "
                + string.Join(" / ", system.ScanAsync(system.Options.Sinks.ReleasesTable).GetAwaiter().GetResult()
                    .Select(i => string.Join(",", i.Select(a => a.Key + "=" + (a.Value.S ?? a.Value.N))))));
        worker.ThrowIfFailed();

        Assert.True(worker.Worker.IdleShards!.MarkedIdle >= 1);
        List<Dictionary<string, AttributeValue>> progress = (await system.ScanAsync(system.Options.Sinks.ReleasesTable))
            .Where(i => i[DynamoDbReleaseCoordinator.PartitionKey].S == system.Options.StreamName + "|progress").ToList();
        // The empty shard never passed anything itself: it is in by its idle mark (the busy one, quiet at its tip since, may be marked too).
        Assert.Contains(progress, i => i.ContainsKey("idle") && !i.ContainsKey("through"));
        Assert.Equal(2, worker.Worker.PrivateReport.ReleasedThisRun);
    }

    /// <summary>Every shard's saved state includes everything its lease has checkpointed (so a move now is a move mid-window with state).</summary>
    private static async Task<bool> SavedThroughCheckpointAsync(ShardStateStore store)
    {
        IReadOnlyList<Lease> leases = await store.Table.ListAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        foreach (Lease lease in leases)
        {
            StateCheckpoint? saved = await store.LoadAsync(lease, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
            if (saved is null || !saved.Positions.TryGetValue(lease.LeaseKey, out string? position) || position != lease.Checkpoint)
            {
                return false;
            }
        }

        return leases.Count > 0;
    }

    private static string Failures(IEnumerable<RunningWorker> workers) =>
        string.Concat(workers.Where(w => w.Task.IsFaulted).Select(w => $"; {w.Id} failed: {w.Task.Exception?.GetBaseException().Message}"));

    private static long[] Numbers(string text) => text.Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
