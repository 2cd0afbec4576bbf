namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The release coordinator of one process that reads every shard (embedded mode): partials summed in
/// memory, a window complete once every one of the stream's shards has passed it, the budget and the
/// stored noisy values in the ledger (a window the ledger already holds is republished from it, never
/// noised again). Called by one sink at a time, like the report.
/// </summary>
public sealed class LocalReleaseCoordinator : IReleaseCoordinator
{
    private readonly PrivacyBudgetLedger _ledger;
    private readonly int _shardCount;
    private readonly Dictionary<long, WindowPartial> _partials = [];
    private readonly HashSet<(string Shard, long Start)> _contributed = [];
    private readonly Dictionary<string, long> _passedThrough = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    public LocalReleaseCoordinator(PrivacyBudgetLedger ledger, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        _ledger = ledger;
        _shardCount = shardCount;
    }

    public string Location => "in process (" + _ledger.Path + ")";

    public bool PublishesReplays => true;

    public Task<long> ContributeAsync(string shardId, long passedThroughTicks, IReadOnlyList<WindowPartial> partials, CancellationToken cancellationToken)
    {
        foreach (WindowPartial partial in partials)
        {
            if (!_contributed.Add((shardId, partial.StartTicks)))
            {
                continue;
            }

            if (!_partials.TryGetValue(partial.StartTicks, out WindowPartial? sum))
            {
                sum = WindowPartial.Empty(partial.StartTicks);
                _partials[partial.StartTicks] = sum;
            }

            sum.Add(partial);
        }

        _passedThrough[shardId] = Math.Max(_passedThrough.GetValueOrDefault(shardId, long.MinValue), passedThroughTicks);

        // One process reads every shard and waits for each: no window is released before a shard hands it in.
        return Task.FromResult(0L);
    }

    public Task<IReadOnlyList<long>> OpenWindowsAsync(long startedByTicks, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<long>>(_partials.Keys.Where(s => s <= startedByTicks).Order().ToArray());

    public async Task<ReleaseOutcome> TryReleaseAsync(ReleaseRequest request, Func<WindowPartial, IReadOnlyList<PrivacyLedgerEntry>> draw, bool inputComplete, CancellationToken cancellationToken)
    {
        if (_refused.Contains(request.ReleaseId))
        {
            return ReleaseOutcome.Refused;
        }

        // Released by an earlier run (a restart, a replay of the same data): the recorded noisy values, no new noise.
        if (_ledger.HasReleased(request.ReleaseId))
        {
            _partials.Remove(request.StartTicks);
            return new ReleaseOutcome(ReleaseState.Released, Recorded(request.ReleaseId), DrawnHere: false, Publish: true);
        }

        bool complete = inputComplete || (_passedThrough.Count >= _shardCount && _passedThrough.Values.Min() >= request.EndTicks);
        if (!complete)
        {
            return ReleaseOutcome.Pending;
        }

        WindowPartial sum = _partials.Remove(request.StartTicks, out WindowPartial? found) ? found : WindowPartial.Empty(request.StartTicks);

        // Whether the budget allows the release depends on the ledger only, never on the data.
        if (_ledger.SpentIn(request.HorizonStart, request.HorizonLength, request.Delta) + request.Epsilon > request.TotalEpsilon + 1e-9)
        {
            _refused.Add(request.ReleaseId);
            return ReleaseOutcome.Refused;
        }

        IReadOnlyList<PrivacyLedgerEntry> entries = draw(sum);

        // The budget is recorded (and flushed) before anything is published.
        await _ledger.RecordAsync(entries, cancellationToken).ConfigureAwait(false);
        return new ReleaseOutcome(ReleaseState.Released, entries, DrawnHere: true, Publish: true);
    }

    private PrivacyLedgerEntry[] Recorded(string releaseId) =>
        new[] { _ledger.Find(releaseId, PrivateCategoryReport.CountQuery), _ledger.Find(releaseId, PrivateCategoryReport.SumQuery) }
            .Where(e => e?.NoisyValues is not null)
            .Select(e => e!)
            .ToArray();
}
