using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Model;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>
/// The DP report of a fleet on the emulators: a 4-shard stream read by several workers that come and go
/// still gives each window ONE release (one noise draw, one spend), the same values whichever worker drew
/// them, and a budget for k windows stops at exactly k across the fleet.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class FleetReleaseTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(180);

    // 3,000 events 7 s apart from 08:00 end at 13:49:53; every card (so every shard) has events after 13:42,
    // so with half-hour windows and no lateness the eleven windows 08:00-13:30 close on every shard.
    private const int EventCount = 3_000;
    private const int ClosedWindows = 11;

    private static void HalfHourWindows(StreamGuardOptions o, double totalEpsilon)
    {
        DifferentialPrivacyOptions dp = o.Privacy.Differential;
        dp.ReleaseWindow = TimeSpan.FromMinutes(30);
        dp.AllowedLateness = TimeSpan.Zero;
        dp.MinGroupSize = 1;
        dp.ContinualEpsilon = 0;
        dp.TotalEpsilon = totalEpsilon;
    }

    [Fact]
    public async Task ThreeWorkers_OneJoinsOneLeavesMidStream_EachWindowReleasedOnceSameValuesOneSpend()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration, configure: o => HalfHourWindows(o, 10));
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> events = TestEvents.Create(EventCount, system.RunId);
        RunningWorker a = system.Start("worker-a");
        RunningWorker b = system.Start("worker-b");
        await system.ReplayAsync(events.Take(EventCount / 2), parallelism: 1);
        await Eventually.WaitAsync(() => system.Processed >= EventCount / 2, s_deadline, () => $"processed {system.Processed} of {EventCount / 2}");

        // Worker c joins, worker b crashes (its leases expire and move), and the second half arrives.
        RunningWorker c = system.Start("worker-c");
        await b.KillAsync();
        await system.ReplayAsync(events.Skip(EventCount / 2), parallelism: 1);
        await Eventually.WaitAsync(async () => (await ReleaseItemsAsync(system)).Count(i => i["state"].S == "released") >= ClosedWindows, s_deadline, () => $"processed {system.Processed}");
        a.ThrowIfFailed();
        c.ThrowIfFailed();

        List<Dictionary<string, AttributeValue>> items = await ReleaseItemsAsync(system);
        Assert.Equal(ClosedWindows, items.Count);
        Assert.All(items, i => Assert.Equal("released", i["state"].S));
        RunningWorker[] workers = [a, b, c];
        foreach (RunningWorker w in workers)
        {
            output.WriteLine($"{w.Id}: drew {w.Worker.PrivateReport.ReleasedThisRun}, took {w.Worker.PrivateReport.ReleasedElsewhere} from the others, lost {w.Worker.Releases.ClaimsLost} claims");
        }

        // Each window drawn once across the fleet, and recorded once in the shared S3 ledger.
        Assert.Equal(ClosedWindows, workers.Sum(w => w.Worker.PrivateReport.ReleasedThisRun));
        var reread = new PrivacyBudgetLedger(new S3PrivacyLedgerStore(system.S3, system.Options.Sinks.ArchiveBucket, system.Options.Sinks.PrivacyLedgerPrefix));
        await reread.EnsureLoadedAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.Equal(ClosedWindows, reread.Releases);
        Assert.Equal(2 * ClosedWindows, reread.Entries.Count);

        // The stored values are the ledger's, and every worker that saw a window saw those values.
        Dictionary<string, string> stored = items.ToDictionary(i => Release(i).ReleaseId, i => Values(Release(i)));
        Assert.All(reread.Entries.Where(e => e.Query == PrivateCategoryReport.CountQuery), e => Assert.Equal(stored[e.ReleaseId], Values(e)));
        foreach (RunningWorker w in workers)
        {
            Assert.All(w.Worker.PrivateReport.Ledger.Entries.Where(e => e.Query == PrivateCategoryReport.CountQuery), e => Assert.Equal(stored[e.ReleaseId], Values(e)));
        }

        // The report feed carries each window's rows once, and the budget was spent once per window.
        List<(string Key, JsonElement Line)> report = [];
        await Eventually.WaitAsync(async () => (report = await system.ReadObjectsAsync(system.Options.Sinks.ReportPrefix)).Count >= ClosedWindows * ReleaseCategories.All.Count, s_deadline, () => $"{report.Count} report lines{WorkerFailures(workers)}");
        Assert.Equal(ClosedWindows, report.Select(l => l.Line.GetProperty("release_id").GetString()).Distinct().Count());
        Assert.Equal(ClosedWindows * ReleaseCategories.All.Count, report.Count);
        (double pure, double rho, long version) = await a.Worker.Releases.Budget.ReadAsync(Horizon(), CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.Equal(ClosedWindows * 0.25, pure, 9);
        Assert.Equal((0d, (long)ClosedWindows), (rho, version));
    }

    [Fact]
    public async Task ThreeWorkers_BudgetForThreeWindows_ExactlyThreeReleasedAcrossTheFleet()
    {
        // 0.25 per window in a total of 0.8: room for three windows, never a fourth.
        await using var system = new AwsSystem(emulators, s_leaseDuration, configure: o => HalfHourWindows(o, 0.8));
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> events = TestEvents.Create(EventCount, system.RunId);
        RunningWorker[] workers = [system.Start("worker-a"), system.Start("worker-b"), system.Start("worker-c")];
        await system.ReplayAsync(events, parallelism: 1);
        await Eventually.WaitAsync(async () => (await ReleaseItemsAsync(system)).Count(i => i["state"].S is "released" or "refused") >= ClosedWindows, s_deadline, () => $"processed {system.Processed}");
        Assert.All(workers, w => w.ThrowIfFailed());

        List<Dictionary<string, AttributeValue>> items = await ReleaseItemsAsync(system);
        Assert.Equal(3, items.Count(i => i["state"].S == "released"));
        Assert.Equal(ClosedWindows - 3, items.Count(i => i["state"].S == "refused"));
        Assert.Equal(3, workers.Sum(w => w.Worker.PrivateReport.ReleasedThisRun));
        Assert.True(workers.Sum(w => w.Worker.PrivateReport.RefusedForBudget) >= ClosedWindows - 3, "a refused window was not reported as refused");
        (double pure, _, long version) = await workers[0].Worker.Releases.Budget.ReadAsync(Horizon(), CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.Equal(0.75, pure, 9);
        Assert.Equal(3, version);
        List<(string Key, JsonElement Line)> report = [];
        await Eventually.WaitAsync(async () => (report = await system.ReadObjectsAsync(system.Options.Sinks.ReportPrefix)).Count >= 3 * ReleaseCategories.All.Count, s_deadline, () => $"{report.Count} report lines{WorkerFailures(workers)}");
        Assert.Equal(3, report.Select(l => l.Line.GetProperty("release_id").GetString()).Distinct().Count());
    }

    // A worker that failed after the releases were decided leaves its lines unwritten: say why.
    private static string WorkerFailures(IEnumerable<RunningWorker> workers) =>
        string.Concat(workers.Where(w => w.Task.IsFaulted).Select(w => $"; {w.Id} failed: {w.Task.Exception?.GetBaseException().Message}"));

    private static DateTimeOffset Horizon() =>
        PrivacyBudgetLedger.HorizonStart(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), new DifferentialPrivacyOptions().BudgetHorizon);

    private static async Task<List<Dictionary<string, AttributeValue>>> ReleaseItemsAsync(AwsSystem system) =>
        (await system.ScanAsync(system.Options.Sinks.ReleasesTable)).Where(i => i[DynamoDbReleaseCoordinator.SortKey].S == DynamoDbReleaseCoordinator.ReleaseSortKey && i.ContainsKey("state")).ToList();

    private static PrivacyLedgerEntry Release(Dictionary<string, AttributeValue> item) =>
        PrivacyLedgerLines.Parse(item["entries"].S.Split('\n')[0], "release item");

    private static string Values(PrivacyLedgerEntry entry) =>
        string.Join(',', entry.NoisyValues!.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value}")));
}
