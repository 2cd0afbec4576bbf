using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Streaming;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Leases;
using StreamGuard.Scoring;

namespace StreamGuard.Aws.Tests.Leases;

/// <summary>The per-shard chains without storage: routing, capture tagged by shard, and when a closing chain is dropped.</summary>
public sealed class ShardTasksTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly MemoryCheckpoints _inner = new();
    private readonly ShardTasks _tasks;

    public ShardTasksTests() => _tasks = new ShardTasks(NewChain, _inner, store: null, holds: _ => true, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task SaveCheckpointAsync_LostLeasesLastBatchDelivered_DropsChainOnlyThen()
    {
        await _tasks.OpenAsync(Lease("shard-1"), CancellationToken.None).WaitAsync(s_timeout);
        await _tasks.CloseAsync("shard-1", lastWritten: "200", ended: false, CancellationToken.None).WaitAsync(s_timeout);
        Assert.False(_tasks.CanOpen("shard-1"));

        await _tasks.SaveCheckpointAsync("shard-1", "100", CancellationToken.None).WaitAsync(s_timeout);
        Assert.True(_tasks.OpenChains.ContainsKey("shard-1"), "dropped before its last batch was delivered");

        await _tasks.SaveCheckpointAsync("shard-1", "200", CancellationToken.None).WaitAsync(s_timeout);
        Assert.True(_tasks.CanOpen("shard-1"));
        Assert.Empty(_tasks.OpenChains);
        Assert.Equal("200", _inner.Saved["shard-1"]);
    }

    [Fact]
    public async Task CloseAsync_EverythingDelivered_DropsAtOnce()
    {
        await _tasks.OpenAsync(Lease("shard-1"), CancellationToken.None).WaitAsync(s_timeout);
        await _tasks.SaveCheckpointAsync("shard-1", "300", CancellationToken.None).WaitAsync(s_timeout);

        await _tasks.CloseAsync("shard-1", lastWritten: "300", ended: false, CancellationToken.None).WaitAsync(s_timeout);

        Assert.True(_tasks.CanOpen("shard-1"));
    }

    [Fact]
    public async Task RoutedStages_TwoShards_EachChainSeesOnlyItsShardAndCaptureIsTaggedByShard()
    {
        await _tasks.OpenAsync(Lease("shard-1"), CancellationToken.None).WaitAsync(s_timeout);
        await _tasks.OpenAsync(Lease("shard-2"), CancellationToken.None).WaitAsync(s_timeout);
        IReadOnlyList<IPipelineStage> stages = _tasks.RoutedStages();

        foreach (RecordBatch batch in new[] { Batch("shard-1", "1"), Batch("shard-2", "1"), Batch("shard-1", "2") })
        {
            stages[0].Process(batch);
        }

        Assert.Equal(2, ((CountingStage)_tasks.OpenChains["shard-1"].Stages[0]).Records);
        Assert.Equal(1, ((CountingStage)_tasks.OpenChains["shard-2"].Stages[0]).Records);
        List<StageState> captured = StateCheckpointer.CaptureAll(stages);
        Assert.Equal(["shard-1", "shard-2"], captured.Select(s => s.Shard!).Order(StringComparer.Ordinal));
        Assert.All(captured, s => Assert.Equal("counter", s.Name));
        Assert.Throws<InvalidOperationException>(() => stages[0].Process(Batch("shard-3", "1")));
    }

    public void Dispose() => _tasks.Dispose();

    private static Lease Lease(string shardId) => new(shardId, "me", 1, LeaseCheckpoints.TrimHorizon, 0, []);

    private static RecordBatch Batch(string shardId, string sequence) =>
        new(shardId, [new PipelineItem(new StreamRecord(sequence, "key", ReadOnlyMemory<byte>.Empty, DateTimeOffset.UnixEpoch))]);

    private static ShardChain NewChain() => new([new CountingStage()], new OnlineFraudScorer(new ScoringOptions()), new InsightStages(new InsightOptions()), new LabelInbox());

    private sealed class CountingStage : IPipelineStage, IStatefulStage
    {
        public int Records { get; private set; }

        public string Name => "counter";

        public string StateName => "counter";

        public void Process(RecordBatch batch) => Records += batch.Items.Count;

        public byte[] CaptureState() => BitConverter.GetBytes(Records);

        public void RestoreState(byte[] state, bool streamContinues) => Records = BitConverter.ToInt32(state);
    }

    private sealed class MemoryCheckpoints : ICheckpointStore
    {
        public Dictionary<string, string> Saved { get; } = new(StringComparer.Ordinal);

        public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) =>
            Task.FromResult(Saved.TryGetValue(shardId, out string? saved) ? saved : null);

        public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
        {
            Saved[shardId] = sequenceNumber;
            return Task.CompletedTask;
        }
    }
}
