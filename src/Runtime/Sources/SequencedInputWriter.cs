using System.Text.Json;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Runtime.Sources;

/// <summary>
/// Writes an input's records into the embedded stream, each under the counter of its place in the
/// input (<see cref="InputRegistry"/>): the same record always gets the same sequence number, and
/// records an earlier process already processed are dropped by the stream. Rows that cannot be
/// read, and records over the stream's 1 MiB record limit, become dead letters that enter the stream
/// under their counter too (<see cref="InputDeadLetterRecords"/>), so they go through the pipeline and
/// its sinks exactly once like every record; nothing stops it.
/// One writer in input order, so each shard receives its counters in increasing order.
/// </summary>
public sealed class SequencedInputWriter
{
    private readonly EmbeddedStream _stream;
    private readonly long _counterBase;
    private readonly string _origin;

    public SequencedInputWriter(EmbeddedStream stream, long inputIndex, string origin)
    {
        _stream = stream;
        _origin = origin;
        _counterBase = checked(inputIndex * InputRegistry.CounterSpan);
    }

    /// <summary>Paces the writes (`run --rate`); null writes as fast as the stream takes them.</summary>
    public SourcePacer? Pacer { get; init; }

    /// <summary>Rows read (readable or not).</summary>
    public long Read { get; private set; }

    /// <summary>Rows that could not be read, or did not fit the stream: dead-lettered.</summary>
    public long DeadLettered { get; private set; }

    /// <summary>Records over the stream's limits (1 MiB a record, 256 characters a partition key): dead-lettered.</summary>
    public long OverLimit { get; private set; }

    /// <summary>Records an earlier process had already processed: not sent again.</summary>
    public long AlreadyProcessed { get; private set; }

    /// <summary>Writes until the input ends or <paramref name="stop"/> is cancelled (then it returns quietly, with what it wrote).</summary>
    /// <returns>True when the whole input was written.</returns>
    public async Task<bool> WriteAsync(IEnumerable<ReadOutcome> outcomes, CancellationToken stop, CancellationToken cancellationToken)
    {
        long ordinal = 0;
        // One linked source for the whole input, not one per record.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
        foreach (ReadOutcome outcome in outcomes)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            if (Pacer is { } pacer)
            {
                try
                {
                    await pacer.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }

            long counter = _counterBase + ordinal++;
            Read++;
            if (counter > _counterBase)
            {
                // Everything before this record is in the stream (or dead-lettered): ordered readers may take it.
                _stream.AdvanceWrittenThrough(counter - 1);
            }

            if (outcome.Event is not { } e)
            {
                if (!await DeadLetterAsync(outcome.DeadLetter!, counter, stop, cancellationToken, linked.Token).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            byte[] data = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent);
            string key = PrivacyUnitKey.Of(e);
            if (data.Length > StreamLimits.MaxBytesPerRecord || key.Length is 0 or > StreamLimits.MaxPartitionKeyLength)
            {
                OverLimit++;
                string reason = data.Length > StreamLimits.MaxBytesPerRecord
                    ? $"the record is {data.Length:N0} bytes; a stream record holds at most {StreamLimits.MaxBytesPerRecord:N0} (an oversized field?)"
                    : $"the partition key (the person's or account id) has {key.Length} characters; a partition key has 1 to {StreamLimits.MaxPartitionKeyLength}";
                if (!await DeadLetterAsync(new DeadLetter(_origin, "record " + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), "stream", reason, System.Text.Encoding.UTF8.GetString(data)), counter, stop, cancellationToken, linked.Token).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            try
            {
                string? sequenceNumber = await _stream.AppendSequencedAsync(key, data, e, counter, linked.Token).ConfigureAwait(false);
                if (sequenceNumber is null)
                {
                    AlreadyProcessed++;
                }

                // This record is in: a reader waiting for it need not wait for the next row.
                _stream.AdvanceWrittenThrough(counter);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        _stream.AdvanceWrittenThrough(long.MaxValue);
        return true;
    }

    // Appends a dead letter under the row's counter; false when a stop came first.
    private async Task<bool> DeadLetterAsync(DeadLetter deadLetter, long counter, CancellationToken stop, CancellationToken cancellationToken, CancellationToken linked)
    {
        DeadLettered++;
        try
        {
            string? sequenceNumber = await _stream.AppendSequencedAsync(InputDeadLetterRecords.PartitionKey(deadLetter), InputDeadLetterRecords.Data(deadLetter), deadLetter, counter, linked).ConfigureAwait(false);
            if (sequenceNumber is null)
            {
                AlreadyProcessed++;
            }

            _stream.AdvanceWrittenThrough(counter);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
