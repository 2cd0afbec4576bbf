using System.Diagnostics;
using StreamGuard.Core.Ingestion;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>The floor: read and parse the input file into transactions, the reader `run` uses, and nothing else.</summary>
internal static class DecodeFloor
{
    public static (long Rows, double Seconds) Measure(string path)
    {
        InputFileIdentity identity = InputFileIdentity.Of(path);
        long started = Stopwatch.GetTimestamp();
        long rows = 0;
        long amountCents = 0;
        foreach (ReadOutcome outcome in TransactionFileReader.Read(path, identity))
        {
            rows++;
            // Touch the parsed value so the work cannot be skipped.
            amountCents += outcome.Event is { } e ? (long)(e.Amount * 100) : 0;
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.KeepAlive(amountCents);
        return (rows, seconds);
    }
}
