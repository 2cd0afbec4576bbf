using Polly;
using Polly.Retry;

namespace StreamGuard.Core.Resilience;

/// <summary>
/// Retries the entries a batch call reports as failed (Kinesis PutRecords, Firehose PutRecordBatch) through one Polly
/// retry pipeline on the injected clock: every attempt re-sends only the entries still failing, in request order,
/// with jittered exponential backoff, until all succeed or the attempts run out.
/// </summary>
public static class PartialBatchRetry
{
    /// <summary>A pipeline whose outcome is the count of entries still failing; it retries while that count is above zero.</summary>
    /// <param name="onRetry">Called before each retry with the count of entries about to be re-sent.</param>
    public static ResiliencePipeline<int> CreatePipeline(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider time, Action<int>? onRetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentNullException.ThrowIfNull(time);
        if (maxAttempts == 1)
        {
            return ResiliencePipeline<int>.Empty;
        }

        var retry = new RetryStrategyOptions<int>
        {
            // Exceptions (a whole call refused) are not retried here: the client under the call already retries those.
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result > 0),
            MaxRetryAttempts = maxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay,
            MaxDelay = maxDelay < baseDelay ? baseDelay : maxDelay,
            OnRetry = args =>
            {
                onRetry?.Invoke(args.Outcome.Result);
                return default;
            },
        };
        return new ResiliencePipelineBuilder<int> { TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>
    /// Sends <paramref name="items"/> through <paramref name="send"/> under <paramref name="pipeline"/>; returns every
    /// entry's last result in request order and the number of calls made.
    /// </summary>
    public static async Task<PartialBatchOutcome<TResult>> ExecuteAsync<TItem, TResult>(
        ResiliencePipeline<int> pipeline,
        IReadOnlyList<TItem> items,
        Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> send,
        Func<TResult, bool> succeeded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(items);
        var state = new BatchState<TItem, TResult>(items, send, succeeded);
        int stillFailing = await pipeline.ExecuteAsync(
            static (s, token) => new ValueTask<int>(s.AttemptAsync(token)), state, cancellationToken).ConfigureAwait(false);
        return new PartialBatchOutcome<TResult>(state.Results, stillFailing, state.Attempts);
    }

    private sealed class BatchState<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> send, Func<TResult, bool> succeeded)
    {
        private int[] _pending = Enumerable.Range(0, items.Count).ToArray();

        public TResult[] Results { get; } = new TResult[items.Count];

        public int Attempts { get; private set; }

        public async Task<int> AttemptAsync(CancellationToken cancellationToken)
        {
            Attempts++;
            TItem[] batch = Array.ConvertAll(_pending, i => items[i]);
            IReadOnlyList<TResult> results = await send(batch, cancellationToken).ConfigureAwait(false);
            if (results.Count != batch.Length)
            {
                throw new InvalidOperationException($"A batch call answered {results.Count} results for {batch.Length} entries.");
            }

            var failing = new List<int>();
            for (int j = 0; j < _pending.Length; j++)
            {
                Results[_pending[j]] = results[j];
                if (!succeeded(results[j]))
                {
                    failing.Add(_pending[j]);
                }
            }

            _pending = failing.ToArray();
            return _pending.Length;
        }
    }
}
