using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Streaming;
using StreamGuard.Runtime.Leases;

namespace StreamGuard.Aws.Tests.Leases;

/// <summary>The idle tracker over a scripted consumer and a manual clock: quiet at the tip for the timeout marks once; records mark active before they are read.</summary>
public sealed class ShardIdleTrackerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedConsumer _consumer = new();
    private readonly RecordingMarks _marks = new();

    private ShardIdleTracker Tracker() => new(_consumer, _marks, s_timeout, _clock);

    private static async Task<string> ReadAsync(ShardIdleTracker tracker, string iterator) =>
        (await tracker.GetRecordsAsync(iterator, 100, CancellationToken.None).WaitAsync(s_wait)).NextShardIterator!;

    [Fact]
    public async Task GetRecords_QuietAtTheTipForTheTimeout_MarkedIdleOnceThenActiveAtTheNextRecords()
    {
        ShardIdleTracker tracker = Tracker();
        string iterator = await tracker.GetShardIteratorAsync("shard-0", ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_wait);

        iterator = await ReadAsync(tracker, iterator);
        _clock.Advance(s_timeout - TimeSpan.FromSeconds(1));
        iterator = await ReadAsync(tracker, iterator);
        Assert.Empty(_marks.Calls);

        _clock.Advance(TimeSpan.FromSeconds(1));
        iterator = await ReadAsync(tracker, iterator);
        _clock.Advance(s_timeout);
        iterator = await ReadAsync(tracker, iterator);
        Assert.Equal(["idle shard-0"], _marks.Calls);

        _consumer.RecordsNext = 3;
        iterator = await ReadAsync(tracker, iterator);
        Assert.Equal(["idle shard-0", "active shard-0"], _marks.Calls);
        Assert.Equal(1, tracker.MarkedIdle);
    }

    [Fact]
    public async Task GetRecords_EmptyButBehindTheTip_NeverMarkedIdle()
    {
        ShardIdleTracker tracker = Tracker();
        string iterator = await tracker.GetShardIteratorAsync("shard-0", ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_wait);
        _consumer.MillisBehind = 5_000;

        for (int i = 0; i < 5; i++)
        {
            iterator = await ReadAsync(tracker, iterator);
            _clock.Advance(s_timeout);
        }

        Assert.DoesNotContain(_marks.Calls, c => c.StartsWith("idle", StringComparison.Ordinal));
    }

    private sealed class ScriptedConsumer : IStreamConsumer
    {
        private int _next;

        public int RecordsNext { get; set; }

        public long MillisBehind { get; set; }

        public Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken) => Task.FromResult("it-" + _next++);

        public Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
        {
            StreamRecord[] records = Enumerable.Range(0, RecordsNext).Select(i => new StreamRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "k", new byte[] { 1 }, DateTimeOffset.UnixEpoch)).ToArray();
            RecordsNext = 0;
            return Task.FromResult(new GetRecordsResult(records, "it-" + _next++, MillisBehind));
        }
    }

    private sealed class RecordingMarks : IShardIdleMarks
    {
        public List<string> Calls { get; } = [];

        public Task MarkIdleAsync(string shardId, CancellationToken cancellationToken)
        {
            Calls.Add("idle " + shardId);
            return Task.CompletedTask;
        }

        public Task MarkActiveAsync(string shardId, CancellationToken cancellationToken)
        {
            Calls.Add("active " + shardId);
            return Task.CompletedTask;
        }
    }
}
