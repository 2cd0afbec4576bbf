using System.Globalization;
using System.Numerics;
using StreamGuard.Aws.Kinesis.Wire;

namespace StreamGuard.Aws.Kinesis;

/// <summary>Stream administration: create, describe, wait for ACTIVE, split (local setup and tests).</summary>
public sealed partial class KinesisClient
{
    public Task CreateStreamAsync(int shardCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return _client.InvokeAsync("CreateStream", new CreateStreamRequest(StreamName, shardCount), s_json.CreateStreamRequest, cancellationToken);
    }

    public async Task<KinesisStreamSummary> DescribeStreamSummaryAsync(CancellationToken cancellationToken)
    {
        DescribeStreamSummaryResponse response = await _client.InvokeAsync(
            "DescribeStreamSummary", new StreamNameRequest(StreamName), s_json.StreamNameRequest, s_json.DescribeStreamSummaryResponse, cancellationToken).ConfigureAwait(false);
        StreamDescriptionSummary s = response.StreamDescriptionSummary;
        return new KinesisStreamSummary(s.StreamName, s.StreamARN, s.StreamStatus, s.OpenShardCount);
    }

    /// <summary>Polls DescribeStreamSummary until the stream is ACTIVE; throws <see cref="TimeoutException"/> past <paramref name="timeout"/>.</summary>
    public async Task<KinesisStreamSummary> WaitUntilActiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        TimeSpan interval = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            KinesisStreamSummary summary = await DescribeStreamSummaryAsync(cancellationToken).ConfigureAwait(false);
            if (summary.IsActive)
            {
                return summary;
            }

            if (_time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Kinesis stream '{StreamName}' is still {summary.Status} after {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Creates the stream unless it exists, then waits until it is ACTIVE.</summary>
    public async Task<KinesisStreamSummary> EnsureStreamAsync(int shardCount, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await CreateStreamAsync(shardCount, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there (or being created): waiting for ACTIVE covers both.
        }

        return await WaitUntilActiveAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Splits a shard at <paramref name="newStartingHashKey"/>: the parent closes, two children take its range.</summary>
    public Task SplitShardAsync(string shardId, BigInteger newStartingHashKey, CancellationToken cancellationToken) =>
        _client.InvokeAsync(
            "SplitShard",
            new SplitShardRequest(StreamName, shardId, newStartingHashKey.ToString(CultureInfo.InvariantCulture)),
            s_json.SplitShardRequest,
            cancellationToken);
}
