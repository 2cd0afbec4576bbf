using StreamGuard.Core.Streaming;

namespace StreamGuard.Core.Aws.Kinesis;

/// <summary>
/// Puts a batch and re-sends only the entries that failed (throttled shards, internal failures) with jittered
/// exponential backoff. Works on any <see cref="IStreamProducer"/>. A retried entry lands after entries of the same
/// key that succeeded on the first try, so callers that need strict per-key order keep one key's records in one batch
/// only after the previous batch fully succeeded.
/// </summary>
public static class PutRecordsRetry
{
    /// <summary>Returns results in request order; entries still failing after <paramref name="maxAttempts"/> calls keep their last error.</summary>
    public static async Task<PutRecordsResult> PutRecordsWithRetryAsync(
        this IStreamProducer producer,
        IReadOnlyList<PutRecordEntry> records,
        int maxAttempts,
        TimeSpan baseDelay,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var final = new PutRecordResult[records.Count];
        int[] pending = Enumerable.Range(0, records.Count).ToArray();
        for (int attempt = 0; attempt < maxAttempts && pending.Length > 0; attempt++)
        {
            if (attempt > 0)
            {
                double cap = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), 5_000);
                await Task.Delay(TimeSpan.FromMilliseconds((cap / 2) + (Random.Shared.NextDouble() * cap / 2)), time, cancellationToken).ConfigureAwait(false);
            }

            PutRecordEntry[] batch = pending.Select(i => records[i]).ToArray();
            PutRecordsResult result = await producer.PutRecordsAsync(batch, cancellationToken).ConfigureAwait(false);
            var failed = new List<int>();
            for (int j = 0; j < pending.Length; j++)
            {
                final[pending[j]] = result.Records[j];
                if (!result.Records[j].Succeeded)
                {
                    failed.Add(pending[j]);
                }
            }

            pending = failed.ToArray();
        }

        return new PutRecordsResult(final);
    }
}
