using System.Buffers;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Privacy.Differential;
using StreamGuard.Processor.Windows;

namespace StreamGuard.Processor.Sinks.Files;

/// <summary>
/// The embedded stand-in for S3 and Firehose: the archive of privacy-safe transactions, the
/// report feed (what QuickSight reads: differentially private releases of closed windows, never
/// exact per-customer or per-category totals), the alert feed and the late events, as NDJSON folders.
/// Delivery is at least once: after a crash a batch may appear twice, with the same ids.
/// </summary>
public sealed class NdjsonFolderSink : IBatchSink
{
    public const string ArchiveFeed = "archive";
    public const string ReportFeed = "report";
    public const string AlertFeed = "alerts";
    public const string LateEventFeed = "late-events";
    private static readonly byte s_newline = (byte)'\n';
    private readonly RollingNdjsonWriter _archive;
    private readonly RollingNdjsonWriter _report;
    private readonly RollingNdjsonWriter _alerts;
    private readonly RollingNdjsonWriter _late;
    private readonly TimeProvider _time;
    private readonly PrivateCategoryReport _privateReport;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly Utf8JsonWriter _json;

    public NdjsonFolderSink(string root, TimeProvider time, PrivateCategoryReport privateReport)
    {
        _time = time;
        _privateReport = privateReport;
        _archive = new RollingNdjsonWriter(root, ArchiveFeed);
        _report = new RollingNdjsonWriter(root, ReportFeed);
        _alerts = new RollingNdjsonWriter(root, AlertFeed);
        _late = new RollingNdjsonWriter(root, LateEventFeed);
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public string Name => "files";

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive && !item.OutputJson.IsEmpty)
            {
                _buffer.Write(item.OutputJson.Span);
                _buffer.Write(new ReadOnlySpan<byte>(in s_newline));
            }
            else if (item.IsLive)
            {
                Append(item.Output!, CoreJsonContext.Default.EnrichedTransaction);
            }
        }

        Flush(_archive, now);
        // The report leaves the customer's own view, so it gets DP releases only; the exact window
        // totals (batch.WindowDeltas) stay in SQLite for the customer's view and the scorer.
        WriteReleases(await _privateReport.ObserveAsync(batch, cancellationToken).ConfigureAwait(false), now);
        foreach (Alert alert in batch.Alerts)
        {
            Append(alert, CoreJsonContext.Default.Alert);
        }

        Flush(_alerts, now);
        foreach (LateEvent late in batch.LateEvents)
        {
            Append(late, WindowJsonContext.Default.LateEvent);
        }

        Flush(_late, now);
    }

    /// <summary>The input is complete: publishes the releases of every window still open.</summary>
    public async Task ReleaseRemainingAsync(CancellationToken cancellationToken) =>
        WriteReleases(await _privateReport.ReleaseAllAsync(cancellationToken).ConfigureAwait(false), _time.GetUtcNow());

    private void WriteReleases(IReadOnlyList<CategoryRelease> releases, DateTimeOffset now)
    {
        foreach (CategoryRelease release in releases)
        {
            Append(release, PrivacyJsonContext.Default.CategoryRelease);
        }

        Flush(_report, now);
    }

    private void Append<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        JsonSerializer.Serialize(_json, value, type);
        _json.Flush();
        _json.Reset();
        _buffer.Write(new ReadOnlySpan<byte>(in s_newline));
    }

    private void Flush(RollingNdjsonWriter writer, DateTimeOffset now)
    {
        writer.Write(_buffer.WrittenSpan, now);
        _buffer.ResetWrittenCount();
    }

    public ValueTask DisposeAsync()
    {
        _json.Dispose();
        _archive.Dispose();
        _report.Dispose();
        _alerts.Dispose();
        _late.Dispose();
        return ValueTask.CompletedTask;
    }
}
