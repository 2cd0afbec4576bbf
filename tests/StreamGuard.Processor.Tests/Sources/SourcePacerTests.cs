using Microsoft.Extensions.Time.Testing;
using StreamGuard.Runtime.Sources;

namespace StreamGuard.Processor.Tests.Sources;

public sealed class SourcePacerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitAsync_ThousandPerSecond_HoldsTheTwelfthRecordUntilElevenMilliseconds()
    {
        var time = new FakeTimeProvider();
        var pacer = new SourcePacer(1_000, time);
        Assert.True(pacer.WaitAsync(CancellationToken.None).AsTask().IsCompleted, "the first record waited");
        time.Advance(TimeSpan.FromMilliseconds(10));
        for (int i = 1; i <= 10; i++)
        {
            Assert.True(pacer.WaitAsync(CancellationToken.None).AsTask().IsCompleted, $"record {i}, due at {i} ms, waited at 10 ms");
        }

        Task twelfth = pacer.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(twelfth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await twelfth.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task WaitAsync_BehindSchedule_DoesNotWait()
    {
        var time = new FakeTimeProvider();
        var pacer = new SourcePacer(100, time);
        await pacer.WaitAsync(CancellationToken.None).AsTask().WaitAsync(s_timeout);
        time.Advance(TimeSpan.FromSeconds(1));

        // A second behind: the next 100 records are all due already.
        for (int i = 0; i < 100; i++)
        {
            Assert.True(pacer.WaitAsync(CancellationToken.None).AsTask().IsCompleted, $"record {i + 1} waited");
        }

        Assert.False(pacer.WaitAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public void Constructor_ZeroRate_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SourcePacer(0, TimeProvider.System));
    }
}
