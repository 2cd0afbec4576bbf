using System.Buffers;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Sinks.Files;

/// <summary>
/// The embedded stand-in for S3 and Firehose: the archive of privacy-safe transactions, the
/// report feed (what QuickSight reads: differentially private releases of closed windows, never
/// exact per-customer or per-category totals), the alert feed and the late events, as NDJSON folders.
/// Archive, alerts and late events are written once: each batch's records go to a file named by
/// the shard range they cover, and a range already written is not written again after a restart.
/// </summary>
public sealed class NdjsonFolderSink : IBatchSink
{
    public const string ArchiveFeed = "archive";
    public const string ReportFeed = "report";
    public const string AlertFeed = "alerts";
    public const string LateEventFeed = "late-events";
    private static readonly byte s_newline = (byte)'\n';
    private readonly RangeNdjsonWriter _archive;
    private readonly RollingNdjsonWriter _report;
    private readonly RangeNdjsonWriter _alerts;
    private readonly RangeNdjsonWriter _late;
    private readonly HashSet<string> _newIds = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly PrivateCategoryReport _privateReport;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly Utf8JsonWriter _json;

    public NdjsonFolderSink(string root, TimeProvider time, PrivateCategoryReport privateReport)
    {
        _time = time;
        _privateReport = privateReport;
        _archive = new RangeNdjsonWriter(root, ArchiveFeed);
        _report = new RollingNdjsonWriter(root, ReportFeed);
        _alerts = new RangeNdjsonWriter(root, AlertFeed);
        _late = new RangeNdjsonWriter(root, LateEventFeed);
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public string Name => "files";

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int first = FirstAfter(batch, _archive.MarkOf(batch.ShardId));
        for (int i = first; i < batch.Items.Count; i++)
        {
            PipelineItem item = batch.Items[i];
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

        Flush(_archive, batch, first, now);
        // The report leaves the customer's own view, so it gets DP releases only; the exact window
        // totals (batch.WindowDeltas) stay in SQLite for the customer's view and the scorer.
        WriteReleases(await _privateReport.ObserveAsync(batch, cancellationToken).ConfigureAwait(false), now);
        first = FirstAfter(batch, _alerts.MarkOf(batch.ShardId));
        CollectNewIds(batch, first);
        foreach (Alert alert in batch.Alerts)
        {
            if (first == 0 || alert.TransactionId is null || _newIds.Contains(alert.TransactionId))
            {
                Append(alert, CoreJsonContext.Default.Alert);
            }
        }

        Flush(_alerts, batch, first, now);
        first = FirstAfter(batch, _late.MarkOf(batch.ShardId));
        CollectNewIds(batch, first);
        foreach (LateEvent late in batch.Read<LateEvent>())
        {
            if (first == 0 || _newIds.Contains(late.TransactionId))
            {
                Append(late, WindowJsonContext.Default.LateEvent);
            }
        }

        Flush(_late, batch, first, now);
    }

    // The first record of the batch above what the feed already holds (Count when it holds them all).
    private static int FirstAfter(RecordBatch batch, string? mark)
    {
        int i = 0;
        while (mark is not null && i < batch.Items.Count && Core.Streaming.SequenceNumbers.Compare(batch.Items[i].Record.SequenceNumber, mark) <= 0)
        {
            i++;
        }

        return i;
    }

    // When a batch straddles what was written before a crash, its alerts and late events are kept for the new records only.
    private void CollectNewIds(RecordBatch batch, int first)
    {
        _newIds.Clear();
        if (first == 0)
        {
            return;
        }

        for (int i = first; i < batch.Items.Count; i++)
        {
            if (batch.Items[i].Output is { } t)
            {
                _newIds.Add(t.TransactionId);
            }
        }
    }

    private void Flush(RangeNdjsonWriter writer, RecordBatch batch, int first, DateTimeOffset now)
    {
        if (first < batch.Items.Count)
        {
            writer.Write(_buffer.WrittenSpan, batch.ShardId, batch.Items[first].Record.SequenceNumber, batch.LastSequenceNumber, now);
        }

        _buffer.ResetWrittenCount();
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
        _report.Dispose();
        return ValueTask.CompletedTask;
    }
}
