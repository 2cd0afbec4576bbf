using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Cli;

namespace StreamGuard.Processor.Tests.Cli;

public sealed class ProgressDisplayTests
{
    [Fact]
    public void Format_KnownTotalAndRate_ShowsCountRateEventTimeLabelledEtaLossesAndAlerts()
    {
        var snapshot = new ProgressSnapshot(250_000, 1_000_000, new DateTimeOffset(2024, 3, 5, 14, 7, 0, TimeSpan.Zero), 12, 345);

        string line = ProgressLine.Format(snapshot, 50_000);

        Assert.Equal("250,000 / 1,000,000 records · 50,000 ev/s · event time 2024-03-05 14:07 · ETA 15s · 12 dead letters · 345 alerts", line);
    }

    [Fact]
    public void Format_UnknownTotal_NoEta()
    {
        Assert.Equal("10 events · 0 ev/s", ProgressLine.Format(new ProgressSnapshot(10), 0, "events"));
    }

    [Theory]
    [InlineData(true, false, ProgressMode.Lines)]
    [InlineData(false, false, ProgressMode.Off)]
    [InlineData(false, true, ProgressMode.Live)]
    [InlineData(true, true, ProgressMode.Live)]
    public void Choose_TerminalAndFlag_PicksTheMode(bool requested, bool terminal, ProgressMode expected)
    {
        Assert.Equal(expected, ProgressDisplay.Choose(requested, terminal));
    }

    [Fact]
    public async Task RunAsync_LinesMode_OneLinePerIntervalAtMostAndResultPassedThrough()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var error = new StringWriter();
        long done = 0;
        var display = new ProgressDisplay("run", () => new ProgressSnapshot(Interlocked.Read(ref done), 100), error, time) { LineInterval = TimeSpan.FromSeconds(5) };
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> running = display.RunAsync(work.Task, ProgressMode.Lines);
        Interlocked.Exchange(ref done, 50);
        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Equal("", error.ToString());
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => error.ToString().Length > 0);
        work.SetResult(42);

        Assert.Equal(42, await running.WaitAsync(TimeSpan.FromSeconds(10)));
        string[] lines = error.ToString().TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.Equal("run: 50 / 100 records · 10 ev/s · ETA 5s", lines[0].TrimEnd());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
