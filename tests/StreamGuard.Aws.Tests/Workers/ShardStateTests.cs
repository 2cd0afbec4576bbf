using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>
/// Learned state follows its shard: a fleet whose workers join and leave mid-stream scores every
/// transaction exactly as one worker alone does on the same input, because each shard's chain is
/// saved with its lease and restored by whichever worker takes the lease.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ShardStateTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private const int Shards = 4;
    private const int Part = 300;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Fleet_WorkersJoinAndOneLeavesMidStream_SameScoresAndTotalsAsOneWorkerAlone()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        List<TransactionEvent> events = TestEvents.Create(4 * Part, "fleet");
        List<TransactionEvent>[] parts = [.. events.Chunk(Part).Select(c => c.ToList())];
        var state = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) };

        // One worker alone reads all four shards from start to end.
        await using var alone = new AwsSystem(emulators, TimeSpan.FromSeconds(2), pseudonymKey: key) { State = state };
        await alone.CreateAsync(Shards);
        foreach (List<TransactionEvent> part in parts)
        {
            await alone.ReplayAsync(part, parallelism: 1);
        }

        Dictionary<string, List<(double Score, bool Alert)>> single = ScoreRecordingSink.NewLog();
        ScoreRecordingSink singleSink = ScoreRecordingSink.For(single);
        RunningWorker only = alone.Start("alone", singleSink);
        await WaitForAsync(alone, singleSink, events.Count);
        only.ThrowIfFailed();

        // The fleet: worker one starts, two and three join, then one dies (no hand-over) while records keep coming.
        await using var fleet = new AwsSystem(emulators, TimeSpan.FromSeconds(2), pseudonymKey: key) { State = state };
        await fleet.CreateAsync(Shards);
        Dictionary<string, List<(double Score, bool Alert)>> scores = ScoreRecordingSink.NewLog();
        ScoreRecordingSink sink = ScoreRecordingSink.For(scores);
        await fleet.ReplayAsync(parts[0], parallelism: 1);
        RunningWorker one = fleet.Start("one", sink);
        await WaitForAsync(fleet, sink, Part);

        RunningWorker two = fleet.Start("two", sink);
        await Eventually.WaitAsync(() => two.LeaseCount > 0, s_deadline, () => "worker two took no lease");
        await fleet.ReplayAsync(parts[1], parallelism: 1);
        await WaitForAsync(fleet, sink, 2 * Part);

        RunningWorker three = fleet.Start("three", sink);
        await Eventually.WaitAsync(() => three.LeaseCount > 0, s_deadline, () => "worker three took no lease");
        await fleet.ReplayAsync(parts[2], parallelism: 1);
        await WaitForAsync(fleet, sink, 3 * Part);

        await one.KillAsync();
        await Eventually.WaitAsync(
            () => two.LeaseCount + three.LeaseCount == Shards,
            s_deadline,
            () => $"the survivors hold {two.LeaseCount} + {three.LeaseCount} leases");
        await fleet.ReplayAsync(parts[3], parallelism: 1);
        await WaitForAsync(fleet, sink, events.Count);
        two.ThrowIfFailed();
        three.ThrowIfFailed();

        long restored = fleet.Workers.Sum(w => w.Worker.Shards.RestoredFromSaved);
        output.WriteLine($"fleet: {fleet.Workers.Sum(w => w.Worker.Coordinator.LeasesTaken)} leases taken, {restored} shard chains restored from saved state, {fleet.Workers.Sum(w => w.Worker.Shards.Saves)} shard saves, {scores.Values.Sum(s => s.Count)} scores for {scores.Count} transactions");
        Assert.True(restored >= 2, $"only {restored} shard chains were restored from a saved state: the leases did not move with state");

        // Every score the fleet gave (a record read again after a lease moved is scored again) is the lone worker's.
        Assert.Equal(single.Keys.Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
        int differing = 0;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < events.Count; i++)
        {
            indexOf[fleet.Keys.TransactionId(events[i].TransactionId)] = i;
        }

        var differingByPart = new int[parts.Length];
        foreach ((string id, List<(double Score, bool Alert)> seen) in scores)
        {
            (double expected, bool alert) = single[id][0];
            Assert.All(single[id], s => Assert.Equal(expected, s.Score));
            foreach ((double score, bool isAlert) in seen)
            {
                if (Math.Abs(score - expected) > 1e-9 || isAlert != alert)
                {
                    differing++;
                    differingByPart[indexOf[id] / Part]++;
                    output.WriteLine($"#{indexOf[id]} (card {indexOf[id] % 64}, seen {seen.Count}x): fleet {score.ToString("R", CultureInfo.InvariantCulture)} (alert {isAlert}), alone {expected.ToString("R", CultureInfo.InvariantCulture)} (alert {alert})");
                }
            }
        }

        output.WriteLine($"differing scores by part: {string.Join(", ", differingByPart)}");
        Assert.Equal(0, differing);

        // And the same totals: transactions, alerts, and every aggregate window's count and amount.
        Assert.Equal(events.Count, await alone.CountTransactionsAsync());
        Assert.Equal(events.Count, await fleet.CountTransactionsAsync());
        Assert.Equal(single.Values.Count(s => s[0].Alert), scores.Values.Count(s => s[0].Alert));
        // A stolen shard's batch can be in flight twice: its counters are awaited (a double count never settles, a late one does).
        SortedDictionary<string, string> expectedTotals = [];
        SortedDictionary<string, string> fleetTotals = [];
        await Eventually.WaitAsync(
            async () => (expectedTotals = await AggregatesAsync(alone)).SequenceEqual(fleetTotals = await AggregatesAsync(fleet)),
            s_deadline,
            () => $"aggregates differ: {string.Join(", ", fleetTotals.Except(expectedTotals).Take(5))}");
    }

    [Fact]
    public async Task SplitShard_ParentReadToEnd_BothChildrenStartFromParentsFinalState()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2)) { State = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) } };
        await system.CreateAsync(shards: 1);
        List<TransactionEvent> before = TestEvents.Create(600, system.RunId);
        List<TransactionEvent> after = TestEvents.Create(600, system.RunId, offset: 600);
        await system.ReplayAsync(before);
        Dictionary<string, List<(double Score, bool Alert)>> scores = ScoreRecordingSink.NewLog();
        ScoreRecordingSink sink = ScoreRecordingSink.For(scores);
        RunningWorker worker = system.Start("splitter", sink);
        await WaitForAsync(system, sink, before.Count);
        string parentId = worker.Worker.Shards.OpenChains.Keys.Single();
        long parentExamples = worker.Worker.Shards.OpenChains[parentId].Insight.Categorize.Model.TrainingExamples;

        StreamGuard.Core.Streaming.ShardDescription parent = (await system.Kinesis.ListShardsAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout)).Single();
        await system.Kinesis.SplitShardAsync(parent.ShardId, (parent.StartingHashKey + parent.EndingHashKey + 1) / 2, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        await system.Kinesis.WaitUntilActiveAsync(AwsSystem.Timeout, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        await system.ReplayAsync(after);
        await WaitForAsync(system, sink, before.Count + after.Count);
        worker.ThrowIfFailed();

        // The parent was dropped at SHARD_END after saving its final state; each child started from it and learned its half on top.
        Assert.Equal(2, worker.Worker.Shards.RestoredFromParents);
        Assert.DoesNotContain(parentId, worker.Worker.Shards.OpenChains.Keys);
        Assert.Equal(2, worker.Worker.Shards.OpenChains.Count);
        Assert.All(worker.Worker.Shards.OpenChains.Values, c => Assert.True(c.Insight.Categorize.Model.TrainingExamples > parentExamples, $"a child has {c.Insight.Categorize.Model.TrainingExamples} examples, the parent had {parentExamples}"));
        long learned = worker.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Categorize.Model.TrainingExamples);
        Assert.Equal((2 * parentExamples) + after.Count, learned);
    }

    private static async Task WaitForAsync(AwsSystem system, ScoreRecordingSink sink, int count) =>
        await Eventually.WaitAsync(
            async () => sink.Distinct >= count && await system.CountTransactionsAsync() >= count,
            s_deadline,
            () => $"{sink.Distinct} of {count} transactions scored");

    private static async Task<SortedDictionary<string, string>> AggregatesAsync(AwsSystem system)
    {
        var totals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (WindowTotal total in (await system.ScanAsync(system.Options.Sinks.AggregatesTable)).SelectMany(DynamoDbAggregateItems.Read))
        {
            totals[string.Join('|', total.Window, total.KeyKind, total.Start.ToString("O", CultureInfo.InvariantCulture), total.Key)] =
                total.Count.ToString(CultureInfo.InvariantCulture) + "|" + total.Amount.ToString(CultureInfo.InvariantCulture);
        }

        Assert.NotEmpty(totals);
        return totals;
    }
}
