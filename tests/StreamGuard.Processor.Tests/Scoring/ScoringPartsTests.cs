using StreamGuard.Scoring;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class ScoringPartsTests
{
    [Fact]
    public void HalfSpaceTrees_PlantedOutlier_ScoresHigherThanClusterPoints()
    {
        var trees = new HalfSpaceTrees(25, 8, 3, 256, 42);
        var random = new Random(1);
        for (int i = 0; i < 2000; i++)
        {
            trees.ScoreAndLearn([Near(random), Near(random), Near(random)]);
        }

        double inlier = trees.ScoreAndLearn([0.5f, 0.5f, 0.5f]);
        double outlier = trees.ScoreAndLearn([0.97f, 0.03f, 0.95f]);

        Assert.True(outlier > inlier + 0.2, $"outlier {outlier:0.000}, inlier {inlier:0.000}");
    }

    [Fact]
    public void StreamingQuantile_UniformScores_ThresholdNearUpperPercentile()
    {
        var quantile = new StreamingQuantile(0.01, 10_000);
        var random = new Random(2);
        for (int i = 0; i < 50_000; i++)
        {
            quantile.Add(random.NextDouble());
        }

        Assert.InRange(quantile.Threshold, 0.985, 0.995);
    }

    [Fact]
    public void LabelDelayQueue_BeforeDue_ReleasesNothing()
    {
        var queue = new LabelDelayQueue(TimeSpan.FromDays(7), 10);
        long t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        queue.Enqueue(t0, true, default, default);

        Assert.False(queue.TryRelease(t0 + TimeSpan.FromDays(7).Ticks - 1, out _, out _, out _, out _));
        Assert.True(queue.TryRelease(t0 + TimeSpan.FromDays(7).Ticks, out bool label, out _, out _, out _));
        Assert.True(label);
    }

    [Fact]
    public void LabelDelayQueue_OverCapacity_DropsOldestAndCounts()
    {
        var queue = new LabelDelayQueue(TimeSpan.FromHours(1), 2);
        queue.Enqueue(1, true, default, default);
        queue.Enqueue(2, false, default, default);
        queue.Enqueue(3, false, default, default);

        Assert.Equal(2, queue.Count);
        Assert.Equal(1, queue.Dropped);
        Assert.True(queue.TryRelease(long.MaxValue / 2, out bool first, out _, out _, out _));
        Assert.False(first);
    }

    private static float Near(Random random) => (float)(0.5 + ((random.NextDouble() - 0.5) * 0.2));
}
