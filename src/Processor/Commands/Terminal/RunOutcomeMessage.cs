using System.Globalization;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Commands.Terminal;

/// <summary>The line `run` prints about how it ended, when that is more than "completed".</summary>
internal static class RunOutcomeMessage
{
    /// <param name="stopRequested">Ctrl+C or SIGTERM arrived during the run.</param>
    public static string? For(RunSummary summary, bool stopRequested) => summary.Outcome switch
    {
        "already_consumed" => $"StreamGuard run: this input was consumed before (input {summary.InputIndex} of {summary.DataDir}); nothing changed. Use --reset to start the folder over.",
        "resumed" => string.Create(CultureInfo.InvariantCulture, $"StreamGuard run: resumed an interrupted input; {summary.AlreadyProcessed:N0} records were processed before and not counted again.")
            + (stopRequested ? " " + FinishedAnyway : ""),
        "stopped" => "StreamGuard run: stopped on request; the records read were processed and the state saved. Run again to continue.",
        // The stop came after the last record was read: what it would have saved is the whole input,
        // so the run finished instead of leaving an input to resume ("Stopping: ..." was printed).
        _ when stopRequested => "StreamGuard run: " + FinishedAnyway,
        _ => null,
    };

    private const string FinishedAnyway = "the stop request came after the whole input was read, so the run finished it: the input is complete and nothing is left to resume.";
}
