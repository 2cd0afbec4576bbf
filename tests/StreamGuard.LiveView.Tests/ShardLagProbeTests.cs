using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Services;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Tests;

/// <summary>Shard lag measured on the real embedded stream, positions taken from live updates as the pipeline reports them.</summary>
public sealed class ShardLagProbeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ProbeAsync_PositionsFromLiveUpdates_CountsRecordsBehindAndOldestAge()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 }, clock);
        PutRecordsResult put = await stream.PutRecordsAsync([.. Enumerable.Range(0, 5).Select(i => new PutRecordEntry("card", new byte[] { (byte)i }))], CancellationToken.None).WaitAsync(s_timeout);
        string shard = put.Records[0].ShardId!;
        var state = new DashboardState(10, clock);
        var probe = new ShardLagProbe(stream, (s, through) => EmbeddedPipelineService.RecordsBehind(stream, s, through), state, clock, NullLogger.Instance);
        clock.Now += TimeSpan.FromMilliseconds(1_500);

        ShardLag nothingRead = await probe.ProbeAsync(shard, CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal((5L, 1_500d, (string?)null), (nothingRead.RecordsBehind, nothingRead.MillisBehind, nothingRead.ProcessedThrough));

        state.Apply(new LiveUpdate(2, 0, [], [], []) { ShardId = shard, LastSequenceNumber = put.Records[1].SequenceNumber });
        ShardLag partly = await probe.ProbeAsync(shard, CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal((3L, 1_500d), (partly.RecordsBehind, partly.MillisBehind));

        state.Apply(new LiveUpdate(3, 0, [], [], []) { ShardId = shard, LastSequenceNumber = put.Records[4].SequenceNumber });
        ShardLag caughtUp = await probe.ProbeAsync(shard, CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal((0L, 0d), (caughtUp.RecordsBehind, caughtUp.MillisBehind));

        // The health series carries the lag once a probe has been stored.
        state.SetShardLag([partly]);
        state.Frame();
        clock.Now += TimeSpan.FromSeconds(2);
        HealthPoint point = Assert.Single(state.Frame().Health);
        Assert.Equal((3L, 1_500d), (point.RecordsBehind, point.MillisBehind));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => Now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
