using StreamGuard.Processor.Commands.Terminal;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Tests.Cli;

/// <summary>The line `run` ends with says how the run ended, including a stop that came too late to stop anything.</summary>
public sealed class RunOutcomeMessageTests
{
    private static RunSummary Summary(string outcome) => new()
    {
        Events = 10, Processed = 10, DeadLettered = 0, InputDeadLettered = 0, Alerts = 0, EventsPerSecond = 1, ElapsedSeconds = 1,
        LatencyMsP50 = 1, LatencyMsP99 = 1, Shards = 1, DataDir = "/data", Privacy = new PrivacySummary("k", "env", false, 0.1, true),
        Outcome = outcome, InputIndex = 3, AlreadyProcessed = 4,
    };

    [Fact]
    public void Completed_WithoutAStop_SaysNothingMore() =>
        Assert.Null(RunOutcomeMessage.For(Summary("completed"), stopRequested: false));

    [Fact]
    public void Completed_AfterAStopRequest_SaysTheInputWasFinishedNotLeftToResume()
    {
        string? message = RunOutcomeMessage.For(Summary("completed"), stopRequested: true);

        Assert.NotNull(message);
        Assert.Contains("finished", message, StringComparison.Ordinal);
        Assert.Contains("nothing is left to resume", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resumed_AfterAStopRequest_KeepsTheResumeCountAndSaysItFinished()
    {
        string? message = RunOutcomeMessage.For(Summary("resumed"), stopRequested: true);

        Assert.NotNull(message);
        Assert.Contains("4 records were processed before", message, StringComparison.Ordinal);
        Assert.Contains("nothing is left to resume", message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing is left", RunOutcomeMessage.For(Summary("resumed"), stopRequested: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Stopped_SaysRunAgainToContinue(bool stopRequested) =>
        Assert.Contains("Run again to continue", RunOutcomeMessage.For(Summary("stopped"), stopRequested), StringComparison.Ordinal);
}
