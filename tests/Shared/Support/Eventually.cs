using System.Diagnostics;
using Xunit;

namespace StreamGuard.Tests.Shared.Support;

/// <summary>Waits on a condition with a deadline (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> describe)
    {
        long started = Stopwatch.GetTimestamp();
        TimeSpan interval = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            if (await condition().WaitAsync(TimeSpan.FromSeconds(30)))
            {
                return Stopwatch.GetElapsedTime(started);
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                Assert.Fail($"Not reached within {deadline.TotalSeconds:0.#} s: {describe()}");
            }

            await Task.Delay(interval);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 1.5, 250));
        }
    }

    public static Task<TimeSpan> WaitAsync(Func<bool> condition, TimeSpan deadline, Func<string> describe) =>
        WaitAsync(() => Task.FromResult(condition()), deadline, describe);
}
