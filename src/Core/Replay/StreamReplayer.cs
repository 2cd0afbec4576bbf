using System.Text.Json;
using Polly;
using StreamGuard.Core.Resilience;
using System.Threading.Channels;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Core.Replay;

/// <summary>
/// Sends events into a stream as JSON records keyed by the person (<see cref="PrivacyUnitKey"/>): paced, through parallel
/// senders (one key always uses the same sender, so its order holds), in batches within the
/// PutRecords limits, retrying only the entries a put reports as failed. A record no stream can
/// take (over 1 MiB, or a partition key over 256 characters) is never sent: it is handed to the
/// rejection callback with the reason and counted, and the replay goes on.
/// </summary>
public sealed class StreamReplayer
{
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(100);

    private readonly IStreamProducer _target;
    private readonly ReplayOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<TransactionEvent, string>? _rejected;
    private readonly ResiliencePipeline<int> _retry;
    private long _sent;
    private long _rejectedCount;
    private long _retried;
    private long _failed;

    /// <param name="rejected">Called, on the thread enumerating the events, for each event over the stream's limits, with the reason.</param>
    public StreamReplayer(IStreamProducer target, ReplayOptions options, TimeProvider? time = null, Action<TransactionEvent, string>? rejected = null)
    {
        _target = target;
        _options = options;
        _time = time ?? TimeProvider.System;
        _rejected = rejected;
        _retry = PartialBatchRetry.CreatePipeline(options.MaxAttempts, RetryBaseDelay, PutRecordsRetry.MaxDelay, _time, pending => Interlocked.Add(ref _retried, pending));
    }

    public ReplayProgress Progress(long startTimestamp) =>
        new(Interlocked.Read(ref _sent), Interlocked.Read(ref _retried), Interlocked.Read(ref _failed), _time.GetElapsedTime(startTimestamp))
        {
            Rejected = Interlocked.Read(ref _rejectedCount),
        };

    /// <summary>Why a record cannot go into any Kinesis-like stream, or null when it fits.</summary>
    public static string? LimitProblem(PutRecordEntry entry)
    {
        if (entry.PartitionKey.Length is 0 or > StreamLimits.MaxPartitionKeyLength)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the partition key (the person's or card/account id) has {entry.PartitionKey.Length} characters; a stream takes 1 to {StreamLimits.MaxPartitionKeyLength}");
        }

        return entry.Data.Length > StreamLimits.MaxBytesPerRecord
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the record is {entry.Data.Length:N0} bytes as JSON; a stream record holds at most {StreamLimits.MaxBytesPerRecord:N0} bytes")
            : null;
    }

    public async Task<ReplayProgress> RunAsync(IEnumerable<TransactionEvent> events, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        var lanes = new Channel<PutRecordEntry>[_options.Parallelism];
        var senders = new Task[lanes.Length];
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = Channel.CreateBounded<PutRecordEntry>(new BoundedChannelOptions(2 * StreamLimits.MaxRecordsPerPut) { SingleReader = true, SingleWriter = true });
            ChannelReader<PutRecordEntry> reader = lanes[i].Reader;
            senders[i] = Task.Run(() => SendLaneAsync(reader, failure.Token), failure.Token);
        }

        var pacer = new ReplayPacer(_options, _time);
        try
        {
            foreach (TransactionEvent e in events)
            {
                TimeSpan wait = pacer.DelayBefore(e.EventTime);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, failure.Token).ConfigureAwait(false);
                }

                string key = PrivacyUnitKey.Of(e);
                var entry = new PutRecordEntry(key, JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent));
                if (LimitProblem(entry) is { } problem)
                {
                    Interlocked.Increment(ref _rejectedCount);
                    _rejected?.Invoke(e, problem);
                    continue;
                }

                int lane = (int)(KinesisHashing.HashKey(key) % (UInt128)lanes.Length);
                await lanes[lane].Writer.WriteAsync(entry, failure.Token).ConfigureAwait(false);
                if (senders[lane].IsFaulted)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (Channel<PutRecordEntry> lane in lanes)
            {
                lane.Writer.TryComplete();
            }
        }

        try
        {
            await Task.WhenAll(senders).ConfigureAwait(false);
        }
        catch
        {
            await failure.CancelAsync().ConfigureAwait(false);
            throw;
        }

        return Progress(start);
    }

    private async Task SendLaneAsync(ChannelReader<PutRecordEntry> reader, CancellationToken cancellationToken)
    {
        var batch = new List<PutRecordEntry>(StreamLimits.MaxRecordsPerPut);
        long bytes = 0;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long lingerStart = _time.GetTimestamp();
            while (true)
            {
                // An empty batch always takes the next entry, so no entry can wait forever for room.
                while (batch.Count < StreamLimits.MaxRecordsPerPut && reader.TryPeek(out PutRecordEntry? next)
                    && (batch.Count == 0 || bytes + next.Data.Length + next.PartitionKey.Length <= StreamLimits.MaxBytesPerPut))
                {
                    reader.TryRead(out _);
                    batch.Add(next);
                    bytes += next.Data.Length + next.PartitionKey.Length;
                }

                bool full = batch.Count == StreamLimits.MaxRecordsPerPut || (reader.TryPeek(out _) && batch.Count > 0);
                if (full || reader.Completion.IsCompleted || _time.GetElapsedTime(lingerStart) >= _options.Linger)
                {
                    break;
                }

                Task<bool> more = reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(more, Task.Delay(_options.Linger, _time, cancellationToken)).ConfigureAwait(false);
                if (more.IsCompleted && !await more.ConfigureAwait(false))
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                await PutWithRetriesAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                bytes = 0;
            }
        }
    }

    private async Task PutWithRetriesAsync(List<PutRecordEntry> batch, CancellationToken cancellationToken)
    {
        PartialBatchOutcome<PutRecordResult> outcome = await PartialBatchRetry.ExecuteAsync(
            _retry,
            batch,
            async (pending, token) =>
            {
                IReadOnlyList<PutRecordResult> results = (await _target.PutRecordsAsync(pending, token).ConfigureAwait(false)).Records;
                Interlocked.Add(ref _sent, results.Count(static r => r.Succeeded));
                return results;
            },
            static r => r.Succeeded,
            cancellationToken).ConfigureAwait(false);
        if (outcome.StillFailing > 0)
        {
            Interlocked.Add(ref _failed, outcome.StillFailing);
            throw new StreamPutException(
                $"{outcome.StillFailing} records were still rejected after {outcome.Attempts} attempts (last error: {outcome.Results.First(r => !r.Succeeded).ErrorCode}). " +
                "The stream cannot take this rate: add shards or lower --rate.");
        }
    }
}
