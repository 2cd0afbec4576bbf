using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class SlidingVelocityWindowTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

    [Fact]
    public void Observe_EventsInAndOutOfWindow_CountsOnlyRecentOnes()
    {
        var velocity = new SlidingVelocityWindow(TimeSpan.FromMinutes(10));

        velocity.Observe("c1", s_t0, 5m);
        velocity.Observe("c1", s_t0.AddMinutes(4), 7m);
        velocity.Observe("c2", s_t0.AddMinutes(5), 100m);
        VelocityStats stats = velocity.Observe("c1", s_t0.AddMinutes(12), 1m);

        Assert.Equal(new VelocityStats(2, 8m), stats);
        Assert.Equal(new VelocityStats(1, 100m), velocity.Peek("c2", s_t0.AddMinutes(12)));
    }

    [Fact]
    public void Observe_OutOfOrderEvent_CountsEarlierOnesOnly()
    {
        var velocity = new SlidingVelocityWindow(TimeSpan.FromMinutes(10));
        velocity.Observe("c1", s_t0.AddMinutes(8), 1m);

        VelocityStats stats = velocity.Observe("c1", s_t0.AddMinutes(2), 2m);

        Assert.Equal(new VelocityStats(1, 2m), stats);
    }

    [Fact]
    public void Observe_IdleKeys_DroppedFromState()
    {
        var velocity = new SlidingVelocityWindow(TimeSpan.FromMinutes(1));
        for (int i = 0; i < 1_000; i++)
        {
            velocity.Observe("k" + i, s_t0.AddSeconds(i), 1m);
        }

        Assert.InRange(velocity.Keys, 1, 121);
    }
}
