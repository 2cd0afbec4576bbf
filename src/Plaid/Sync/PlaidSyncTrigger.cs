namespace StreamGuard.Plaid.Sync;

/// <summary>
/// Collects sync requests (from webhooks) between rounds. Requests for the same item coalesce, and
/// past <see cref="MaxPendingItems"/> distinct items it falls back to "sync everything", so a flood
/// of webhooks costs a bounded amount of memory.
/// </summary>
internal sealed class PlaidSyncTrigger
{
    public const int MaxPendingItems = 1_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);
    private bool _all;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Request(string? itemId)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (string.IsNullOrEmpty(itemId) || _items.Count >= MaxPendingItems)
            {
                _all = true;
            }
            else
            {
                _items.Add(itemId);
            }

            signal = _signal;
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// Waits until a request arrives or <paramref name="interval"/> passes. Returns the requested
    /// item ids, or null for "every item" (the interval passed, or a request named no item).
    /// </summary>
    public async Task<IReadOnlyCollection<string>?> WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
        {
            signalled = _signal.Task;
        }

        using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task delay = Task.Delay(interval, time, delayCancel.Token);
        Task first = await Task.WhenAny(signalled, delay);
        await delayCancel.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();

        lock (_lock)
        {
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool timerFired = first != signalled && !signalled.IsCompleted;
            IReadOnlyCollection<string>? result = _all || timerFired ? null : [.. _items];
            _items.Clear();
            _all = false;
            return result;
        }
    }
}
