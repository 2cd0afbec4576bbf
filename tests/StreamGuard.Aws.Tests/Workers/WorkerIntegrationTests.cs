using StreamGuard.Tests.Shared.Support;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Pipeline.Stages;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Whole aws-mode workers on the emulators: Kinesis, DynamoDB leases and sinks, S3 archive.</summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class WorkerIntegrationTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TwoWorkers_FourShardStream_EveryRecordOnceInDynamoDbAndInArchive()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration, live: true);
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> events = TestEvents.Create(3_000, system.RunId);
        await system.ReplayAsync(events);
        var dashboard = new LiveFeed();
        using var stopTail = new CancellationTokenSource();
        ChannelReader<LiveUpdate> shown = dashboard.Subscribe(stopTail.Token);
        var tail = new LiveStreamTail(new KinesisClient(system.Context, system.Options.Sinks.LiveStreamName!), dashboard, fromStart: true, TimeProvider.System, NullLogger.Instance);
        Task tailing = tail.RunAsync(stopTail.Token);

        long started = Stopwatch.GetTimestamp();
        RunningWorker a = system.Start("worker-a");
        RunningWorker b = system.Start("worker-b");
        await WaitAllStoredAsync(system, events.Count);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events.Count} records through two workers in {seconds:0.00} s: {events.Count / seconds:0} records/s (start-up and lease balancing included)"));

        a.ThrowIfFailed();
        b.ThrowIfFailed();
        Assert.True(a.Worker.Pipeline.Counters.Processed > 0, "worker-a processed nothing");
        Assert.True(b.Worker.Pipeline.Counters.Processed > 0, "worker-b processed nothing");
        await Eventually.WaitAsync(() => a.LeaseCount == 2 && b.LeaseCount == 2, s_deadline, () => $"leases a={a.LeaseCount} b={b.LeaseCount}");

        List<(string Key, System.Text.Json.JsonElement Line)> archived = await system.ReadObjectsAsync("archive/");
        Assert.Equal(events.Select(e => system.Keys.TransactionId(e.TransactionId)).Order(StringComparer.Ordinal), archived.Select(l => l.Line.GetProperty("transaction_id").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(archived, l => Assert.Matches(ArchiveKey(), l.Key));
        Assert.All(archived, l => Assert.False(l.Line.TryGetProperty("account_id", out _), "raw account id in the archive"));
        // The report feed carries DP releases of closed windows only; these six hours of one day close none,
        // so nothing (and above all no exact window total) was published. Releases: AwsCanaryTests.
        List<(string Key, System.Text.Json.JsonElement Line)> report = await system.ReadObjectsAsync("report/");
        Assert.All(report, l => Assert.Matches(ReportKey(), l.Key));
        Assert.All(report, l => Assert.True(l.Line.TryGetProperty("noisy_count", out _), "a report line that is not a DP release"));
        Assert.Equal(0, a.Worker.PrivateReport.ReleasedThisRun + b.Worker.PrivateReport.ReleasedThisRun);
        Assert.Empty(report);

        // The dashboard's view: both workers' updates combined through the live stream.
        long shownProcessed = 0;
        int unsafeUpdates = 0;
        int withHealth = 0;
        await Eventually.WaitAsync(
            () =>
            {
                while (shown.TryRead(out LiveUpdate? update))
                {
                    shownProcessed += update.Processed;
                    // The stream leaves the workers: no transaction and no exact total travels on it.
                    unsafeUpdates += update.Recent.Count + update.CategoryDays.Count;
                    // The health panels' figures do travel: the console shows latency and scores in aws mode too.
                    withHealth += update.LatencyMs is > 0 && update.ScoreHistogram.Sum() > 0 ? 1 : 0;
                }

                return shownProcessed == system.Processed;
            },
            s_deadline,
            () => $"dashboard shows {shownProcessed} processed of {system.Processed}");
        Assert.Equal(0, unsafeUpdates);
        Assert.True(withHealth > 0, "no live update carried the latency and the score histogram");
        Assert.Equal(0, a.Worker.LivePublisher!.Failed + b.Worker.LivePublisher!.Failed);
        await stopTail.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tailing.WaitAsync(AwsSystem.Timeout));
        await AssertExactlyOnceAsync(system, events);
    }

    [Fact]
    public async Task KilledWorker_MidStream_OtherTakesItsLeasesWithinLeaseTimeoutAndNothingIsLost()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration);
        await system.CreateAsync(shards: 4);
        List<TransactionEvent> first = TestEvents.Create(1_500, system.RunId);
        List<TransactionEvent> second = TestEvents.Create(1_500, system.RunId, offset: 1_500);
        await system.ReplayAsync(first);
        RunningWorker a = system.Start("worker-a");
        RunningWorker b = system.Start("worker-b");
        await Eventually.WaitAsync(
            () => a.LeaseCount == 2 && b.LeaseCount == 2 && a.Worker.Pipeline.Counters.Processed > 0 && b.Worker.Pipeline.Counters.Processed > 0,
            s_deadline,
            () => $"both workers busy: leases a={a.LeaseCount} b={b.LeaseCount}");

        long killed = Stopwatch.GetTimestamp();
        await a.KillAsync();
        Task replay = system.ReplayAsync(second);
        await Eventually.WaitAsync(() => b.LeaseCount == 4, s_deadline, () => $"worker-b holds {b.LeaseCount} leases");
        TimeSpan failover = Stopwatch.GetElapsedTime(killed);
        await replay;
        List<TransactionEvent> all = [.. first, .. second];
        await WaitAllStoredAsync(system, all.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover: worker-b held all 4 leases {failover.TotalSeconds:0.00} s after worker-a was killed (lease duration {s_leaseDuration.TotalSeconds} s); counters skipped {b.Worker.Dynamo.Counters.ReplaysSkipped} replayed contributions"));

        b.ThrowIfFailed();
        // By design a dead worker's lease is taken only once it has been still for the lease duration, plus at most a
        // pass or two (renew interval); the slack covers a loaded CI machine.
        Assert.InRange(failover, s_leaseDuration - TimeSpan.FromMilliseconds(500), (2 * s_leaseDuration) + TimeSpan.FromSeconds(2));
        await AssertExactlyOnceAsync(system, all);
        List<(string Key, System.Text.Json.JsonElement Line)> archived = await system.ReadObjectsAsync("archive/");
        Assert.Equal(all.Select(e => system.Keys.TransactionId(e.TransactionId)).Order(StringComparer.Ordinal), archived.Select(l => l.Line.GetProperty("transaction_id").GetString()!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SplitShard_RecordsBeforeAndAfter_ParentConsumedToShardEndBeforeChildren()
    {
        await using var system = new AwsSystem(emulators, s_leaseDuration);
        await system.CreateAsync(shards: 1);
        List<TransactionEvent> before = TestEvents.Create(600, system.RunId);
        List<TransactionEvent> after = TestEvents.Create(600, system.RunId, offset: 600);
        await system.ReplayAsync(before);
        ShardDescription parent = (await system.Kinesis.ListShardsAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout)).Single();
        await system.Kinesis.SplitShardAsync(parent.ShardId, (parent.StartingHashKey + parent.EndingHashKey + 1) / 2, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        await system.Kinesis.WaitUntilActiveAsync(AwsSystem.Timeout, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        await system.ReplayAsync(after);

        List<(string Worker, string ShardId, int Records)> log = RecordingSink.NewLog();
        RunningWorker a = system.Start("worker-a", RecordingSink.For("worker-a", log));
        RunningWorker b = system.Start("worker-b", RecordingSink.For("worker-b", log));
        List<TransactionEvent> all = [.. before, .. after];
        await WaitAllStoredAsync(system, all.Count);

        a.ThrowIfFailed();
        b.ThrowIfFailed();
        (string Worker, string ShardId, int Records)[] batches;
        lock (log)
        {
            batches = [.. log];
        }

        int lastParent = Array.FindLastIndex(batches, x => x.ShardId == parent.ShardId);
        int firstChild = Array.FindIndex(batches, x => x.ShardId != parent.ShardId);
        Assert.True(lastParent >= 0 && firstChild > lastParent, $"parent batches end at {lastParent}, child batches start at {firstChild}");
        Assert.True(batches.Where(x => x.ShardId == parent.ShardId).Sum(x => x.Records) >= before.Count);
        IReadOnlyList<Lease> leases = await system.Workers[0].Worker.Coordinator.Table.ListAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.True(leases.Single(l => l.LeaseKey == parent.ShardId).IsFinished);
        Assert.Equal(2, leases.Count(l => l.ParentShardIds.Contains(parent.ShardId)));
        await AssertExactlyOnceAsync(system, all);
    }

    private static async Task WaitAllStoredAsync(AwsSystem system, int expected)
    {
        int stored = 0;
        await Eventually.WaitAsync(
            async () =>
            {
                foreach (RunningWorker w in system.Workers)
                {
                    w.ThrowIfFailed();
                }

                if (system.Processed < expected)
                {
                    return false;
                }

                stored = await system.CountTransactionsAsync();
                return stored == expected;
            },
            s_deadline,
            () => $"{stored} of {expected} transactions stored; processed {system.Processed}");
    }

    /// <summary>
    /// One item per transaction, and every aggregate counts each transaction exactly once. A worker may still be
    /// writing the counters of a batch whose transactions are already stored (a stolen shard's batch can be in
    /// flight twice), so the counters are awaited with a deadline: a double count never settles, a late one does.
    /// </summary>
    private static async Task AssertExactlyOnceAsync(AwsSystem system, List<TransactionEvent> events)
    {
        List<Dictionary<string, AttributeValue>> transactions = await system.ScanAsync(system.Options.Sinks.TransactionsTable);
        Assert.Equal(events.Select(e => system.Keys.TransactionId(e.TransactionId)).Order(StringComparer.Ordinal), transactions.Select(t => t["transaction_id"].S).Order(StringComparer.Ordinal));

        string? problem = null;
        await Eventually.WaitAsync(
            async () =>
            {
                problem = await CounterProblemAsync(system, events);
                return problem is null;
            },
            TimeSpan.FromSeconds(30),
            () => problem!);
        foreach (RunningWorker worker in system.Workers)
        {
            await worker.KillAsync();
        }

        Assert.Null(await CounterProblemAsync(system, events));
    }

    private static async Task<string?> CounterProblemAsync(AwsSystem system, List<TransactionEvent> events)
    {
        List<Dictionary<string, AttributeValue>> aggregates = await system.ScanAsync(system.Options.Sinks.AggregatesTable);
        decimal expectedAmount = events.Sum(e => e.Amount);
        foreach ((string window, string kind) in new[] { (WindowNames.Day, WindowKeyKinds.Category), (WindowNames.Minute, WindowKeyKinds.Category), (WindowNames.Day, WindowKeyKinds.Customer) })
        {
            List<WindowTotal> rows = aggregates.SelectMany(DynamoDbAggregateItems.Read).Where(r => r.Window == window && r.KeyKind == kind).ToList();
            long count = rows.Sum(r => r.Count);
            decimal amount = rows.Sum(r => r.Amount);
            if (count != events.Count || amount != expectedAmount)
            {
                return $"{window}/{kind} aggregates count {count} (expected {events.Count}), amount {amount} (expected {expectedAmount})";
            }
        }

        List<Dictionary<string, AttributeValue>> profiles = await system.ScanAsync(system.Options.Sinks.ProfilesTable);
        long profiled = profiles.Sum(r => long.Parse(r["txn_count"].N, CultureInfo.InvariantCulture));
        int customers = events.Select(e => e.AccountId).Distinct().Count();
        return profiled == events.Count && profiles.Count == customers
            ? null
            : $"profiles count {profiled} over {profiles.Count} customers (expected {events.Count} over {customers})";
    }

    [GeneratedRegex(@"^archive/dt=\d{4}-\d{2}-\d{2}/hour=\d{2}/shardId-\d+-\d+-\d+(\.\d+of\d+)?\.ndjson\.gz$")]
    private static partial Regex ArchiveKey();

    [GeneratedRegex(@"^report/dt=\d{4}-\d{2}-\d{2}/hour=\d{2}/shardId-\d+-\d+-\d+(\.\d+of\d+)?\.ndjson\.gz$")]
    private static partial Regex ReportKey();
}
