using System.Globalization;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// The report output (what QuickSight and Athena read): the differentially private releases of closed
/// windows (<see cref="PrivateCategoryReport"/>), never exact window totals, partitioned by window start.
/// Each release is paid for in the privacy ledger before it is written; a batch that fails here stops
/// the pipeline and its releases are not sent again (the budget errs on the safe side). Objects are
/// named by the window they release (one object per window, written again unchanged on a replay); through Firehose delivery is at least once.
/// </summary>
public sealed class ReportFeedSink : IBatchSink
{
    private readonly IFeedWriter _writer;
    private readonly PrivateCategoryReport _report;
    private readonly FeedBuffer _buffer;

    public ReportFeedSink(IFeedWriter writer, PrivateCategoryReport report, int maxObjectBytes = FeedBuffer.DefaultMaxObjectBytes)
    {
        _writer = writer;
        _report = report;
        _buffer = new FeedBuffer(maxObjectBytes);
    }

    /// <summary>The DP releases and their budget ledger.</summary>
    public PrivateCategoryReport Report => _report;

    public string Name => FeedOutputs.Report;

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<CategoryRelease> releases = await _report.ObserveAsync(batch, cancellationToken).ConfigureAwait(false);
        // Named by the window released, not by the batch that closed it: in a fleet, a batch read
        // again by another worker after a lease moved may close a different window, and a name by
        // record range would then overwrite the first window's object. A window's values never
        // change once released, so writing its object again is harmless.
        foreach (IGrouping<DateTimeOffset, CategoryRelease> window in releases.GroupBy(r => r.WindowStart))
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"window-{window.Key.UtcDateTime:yyyyMMddTHHmmss}");
            await WriteAsync([.. window], (part, parts) => parts == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}.{part}of{parts}"), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The input is complete: publishes the releases of every window still open.</summary>
    public async Task ReleaseRemainingAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CategoryRelease> releases = await _report.ReleaseAllAsync(cancellationToken).ConfigureAwait(false);
        if (releases.Count > 0)
        {
            // Named by the windows released (no record range closed them): the same final release writes the same names.
            DateTimeOffset from = releases.Min(r => r.WindowStart);
            DateTimeOffset to = releases.Max(r => r.WindowEnd);
            string name = string.Create(CultureInfo.InvariantCulture, $"remaining-{from.UtcDateTime:yyyyMMddTHHmmss}-{to.UtcDateTime:yyyyMMddTHHmmss}");
            await WriteAsync(releases, (part, parts) => parts == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}.{part}of{parts}"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(IReadOnlyList<CategoryRelease> releases, Func<int, int, string> name, CancellationToken cancellationToken)
    {
        try
        {
            foreach (CategoryRelease release in releases)
            {
                _buffer.Append(release.WindowStart, release, PrivacyJsonContext.Default.CategoryRelease);
            }

            foreach (FeedObject feedObject in _buffer.Drain(FeedOutputs.Report, name))
            {
                await _writer.WriteAsync(feedObject, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _buffer.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        _buffer.Dispose();
        return ValueTask.CompletedTask;
    }
}
