using System.Diagnostics;
using StreamGuard.Pipeline.Tail;

namespace StreamGuard.Processor.Tests.Pipeline;

public sealed class LatencyTailTests
{
    private static long MsAgo(double ms) => Stopwatch.GetTimestamp() - (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void Delivered_SlowBatchWaitedBehindAStateSave_PutsItsSlowRecordsDownToTheSave()
    {
        var tail = new LatencyTail();
        long received = MsAgo(600);
        tail.Step("state_save", MsAgo(500), LatencyTail.GcPauseTicks());
        tail.Step("sink:files", MsAgo(60), LatencyTail.GcPauseTicks());

        tail.Delivered(slowRecords: 30, oldestMs: 610, received, dequeued: MsAgo(2));

        TailSummary summary = tail.Summary();
        Assert.Equal(30, summary.SlowRecords);
        Assert.Equal(30, summary.SlowRecordsByCause["state_save"]);
        Assert.Equal(["state_save", "sink:files"], summary.LongestStalls.Select(s => s.Kind).ToArray());
        Assert.InRange(summary.StallsByKind["state_save"].MaxMs, 500, 5_000);
        Assert.InRange(summary.SlowBatchPhaseMs["stages"], 550, 5_000);
    }

    [Fact]
    public void Delivered_SlowBatchWithNoStallInItsWait_CountsAsQueueing()
    {
        var tail = new LatencyTail();
        tail.Step("commit", MsAgo(2_000), MsAgo(1_000), gcMs: 0);
        tail.Step("stage:score", MsAgo(10), LatencyTail.GcPauseTicks());

        // The commit ended long before this batch's oldest record arrived; the 10 ms step is no stall.
        tail.Delivered(slowRecords: 5, oldestMs: 300, received: MsAgo(290), dequeued: MsAgo(1));
        tail.Delivered(slowRecords: 0, oldestMs: 20, received: MsAgo(15), dequeued: MsAgo(1));

        TailSummary summary = tail.Summary();
        Assert.Equal(5, summary.SlowRecords);
        Assert.Equal(5, summary.SlowRecordsByCause["queueing"]);
        Assert.False(summary.StallsByKind.ContainsKey("stage:score"));
        Assert.Equal(1, summary.StallsByKind["commit"].Count);
    }
}
