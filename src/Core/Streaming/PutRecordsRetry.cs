using StreamGuard.Core.Resilience;

namespace StreamGuard.Core.Streaming;

/// <summary>
/// Puts a batch and re-sends only the entries that failed (throttled shards, internal failures) with jittered
/// exponential backoff (<see cref="PartialBatchRetry"/>). Works on any <see cref="IStreamProducer"/>. A retried entry
/// lands after entries of the same key that succeeded on the first try, so callers that need strict per-key order keep
/// one key's records in one batch only after the previous batch fully succeeded.
/// </summary>
public static class PutRecordsRetry
{
    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Returns results in request order; entries still failing after <paramref name="maxAttempts"/> calls keep their last error.</summary>
    public static async Task<PutRecordsResult> PutRecordsWithRetryAsync(
        this IStreamProducer producer,
        IReadOnlyList<PutRecordEntry> records,
        int maxAttempts,
        TimeSpan baseDelay,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        Polly.ResiliencePipeline<int> pipeline = PartialBatchRetry.CreatePipeline(maxAttempts, baseDelay, MaxDelay, time);
        PartialBatchOutcome<PutRecordResult> outcome = await PartialBatchRetry.ExecuteAsync(
            pipeline,
            records,
            async (batch, token) => (await producer.PutRecordsAsync(batch, token).ConfigureAwait(false)).Records,
            static r => r.Succeeded,
            cancellationToken).ConfigureAwait(false);
        return new PutRecordsResult(outcome.Results);
    }
}
