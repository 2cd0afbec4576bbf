using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The population view that leaves the customer's own view (report feed, dashboard):
/// per closed event-time window, every category of the fixed public list with its noisy
/// transaction count and noisy clamped sum (zeros included, nothing suppressed on exact values),
/// every release paid for in the ledger before it is published and refused once the horizon's
/// total budget would be exceeded. Each shard's part of a window is handed to the
/// <see cref="IReleaseCoordinator"/> once that shard's event time has passed the window's end plus
/// the allowed lateness; the coordinator makes the window ONE release for the whole stream (one
/// noise draw, one spend), however many processes read its shards. A window already released (a
/// replay, or another worker's release) is republished from its stored noisy values, never noised
/// again. Alongside, the continual release (<see cref="ContinualPopulation"/>) keeps the dashboard's
/// running <see cref="PopulationRelease"/>. Later transactions for a window a shard has passed are
/// left out of the releases (they stay in the exact store).
/// Not thread-safe for observing: one sink feeds it; reads of the totals are.
/// </summary>
public sealed partial class PrivateCategoryReport
{
    public const string CountQuery = "count";
    public const string SumQuery = "sum";

    /// <summary>The ledger query of a continual release instance (the dashboard's population view).</summary>
    public const string ContinualQuery = ContinualPopulation.Query;
    private static readonly TimeSpan s_pendingRetry = TimeSpan.FromSeconds(1);
    private readonly DifferentialPrivacyOptions _options;
    private readonly PrivacyBudgetLedger _ledger;
    private readonly IReleaseCoordinator _coordinator;
    private readonly INoiseSource _noise;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ShardReleaseState> _shards = new(StringComparer.Ordinal);
    private readonly SortedSet<long> _pending = [];
    private readonly HashSet<long> _republished = [];
    private readonly ContinualPopulation? _continual;
    private readonly Lock _totalsLock = new();
    private readonly Dictionary<string, (long Count, decimal Amount)> _totals = new(StringComparer.Ordinal);
    private long _lastRetry;
    private StreamReleaseWindows? _streamWindows;

    /// <summary>One process reading all <paramref name="shardCount"/> shards (embedded mode): releases coordinated in process.</summary>
    public PrivateCategoryReport(DifferentialPrivacyOptions options, PrivacyBudgetLedger ledger, INoiseSource noise, TimeProvider time, int shardCount)
        : this(options, ledger, new LocalReleaseCoordinator(ledger, shardCount), noise, time)
    {
    }

    /// <param name="coordinator">Makes each window one release across every process reading the stream (a DynamoDB table for aws workers).</param>
    public PrivateCategoryReport(DifferentialPrivacyOptions options, PrivacyBudgetLedger ledger, IReleaseCoordinator coordinator, INoiseSource noise, TimeProvider time)
    {
        _options = options;
        _ledger = ledger;
        _coordinator = coordinator;
        _noise = noise;
        _time = time;
        _continual = !options.Enabled || options.ContinualEpsilon <= 0 ? null
            : coordinator is IContinualCoordinator fleet ? new ContinualPopulation(options, ledger, noise, time, fleet)
            : new ContinualPopulation(options, ledger, noise, time);
    }

    /// <summary>
    /// Run the continual release (the dashboard's population view). Off for a batch `run` with no
    /// viewer, so it spends nothing there.
    /// </summary>
    public bool Continual { get; set; } = true;

    /// <summary>The latest continual release, or null before the first one (or with it off).</summary>
    public PopulationRelease? Population => Continual ? _continual?.Latest : null;

    /// <summary>Windows not released because the horizon's total budget could not pay for them.</summary>
    public int RefusedForBudget { get; private set; }

    /// <summary>Windows already in the ledger that this run republished from their recorded noisy values.</summary>
    public int Republished { get; private set; }

    /// <summary>Windows another process released (it won the claim): this one took their stored values, drew nothing, published nothing.</summary>
    public int ReleasedElsewhere { get; private set; }

    /// <summary>Whether a release was refused for lack of budget (releases have stopped).</summary>
    public bool BudgetExhausted => RefusedForBudget > 0 || (Population?.BudgetExhausted ?? false);

    /// <summary>The largest epsilon spent on any one horizon (the per-horizon guarantee in force).</summary>
    public double EpsilonSpentPerHorizon =>
        _ledger.HorizonsWithSpending(_options.BudgetHorizon).Select(h => _ledger.SpentIn(h, _options.BudgetHorizon, _options.Delta)).DefaultIfEmpty(0).Max();

    public DifferentialPrivacyOptions Options => _options;

    public PrivacyBudgetLedger Ledger => _ledger;

    public IReleaseCoordinator Coordinator => _coordinator;

    /// <summary>
    /// Hold every release until <see cref="ReleaseAllAsync"/>: right for a finite input (`run`), where the
    /// replayer's parallel lanes reorder a fast-replayed file by days of event time and the whole
    /// input is known to end; a live stream leaves it off and releases windows as they close.
    /// </summary>
    public bool HoldUntilComplete { get; set; }

    /// <summary>Transactions that arrived after their shard had passed their window: in the exact store, not in any release.</summary>
    public long LateExcluded { get; private set; }

    /// <summary>Released windows this process drew and published (the ledger also counts earlier runs and other workers).</summary>
    public int ReleasedThisRun { get; private set; }

    /// <summary>Sum of every released (noisy) category total this run: post-processing of the releases.</summary>
    public IReadOnlyList<(string Category, long Count, decimal Amount)> ReleasedTotals()
    {
        lock (_totalsLock)
        {
            return _totals.OrderByDescending(t => t.Value.Amount).Select(t => (t.Key, t.Value.Count, t.Value.Amount)).ToArray();
        }
    }

    /// <summary>Takes in a processed batch and returns the releases of any windows it closed (or republished).</summary>
    public async Task<IReadOnlyList<CategoryRelease>> ObserveAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return [];
        }

        await _ledger.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var live = new List<EnrichedTransaction>(batch.Items.Count);
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive && item.Output!.Change == ChangeKind.Added)
            {
                live.Add(item.Output);
            }
        }

        // The chain worked out what the batch passed: each aws shard's own (ReleasePartialsStage), or the embedded
        // stream's (StreamReleaseStage), so the open windows are saved with the positions. Without such a stage
        // (a report fed directly), this report keeps every shard's side itself, in memory.
        var replayed = new List<CategoryRelease>();
        IReadOnlyList<ReleaseHandIn> handIns = batch.Read<ReleaseHandIn>();
        if (handIns.Count == 0)
        {
            if (!_shards.TryGetValue(batch.ShardId, out ShardReleaseState? shard))
            {
                shard = new ShardReleaseState(_options, continual: false);
                _shards[batch.ShardId] = shard;
            }

            // Released by an earlier process (a restart, a replay of the same data): republish the
            // recorded noisy values once, never draw new noise for the same window.
            bool AlreadyReleased(long start)
            {
                if (!_coordinator.PublishesReplays || !_ledger.HasReleased(ReleaseId(start)))
                {
                    return false;
                }

                if (_republished.Add(start))
                {
                    replayed.AddRange(Republish(start));
                }

                return true;
            }

            handIns = [shard.Observe(batch.ShardId, live, HoldUntilComplete, AlreadyReleased)];
        }

        if (Continual && _continual is not null && !_continual.IsFleet)
        {
            await _continual.ObserveAsync(live, cancellationToken).ConfigureAwait(false);
        }

        long passed = long.MinValue;
        foreach (ReleaseHandIn handIn in handIns)
        {
            LateExcluded += handIn.LateExcluded;
            if (Continual && _continual is { IsFleet: true })
            {
                await _continual.ObserveFleetAsync(handIn, cancellationToken).ConfigureAwait(false);
            }

            if (handIn.WindowsAdvanced)
            {
                await ContributeAsync(handIn.ShardId, handIn.PassedThroughTicks, handIn.Windows, cancellationToken).ConfigureAwait(false);
                passed = Math.Max(passed, handIn.PassedThroughTicks);
            }
        }

        if (passed != long.MinValue)
        {
            replayed.AddRange(await ReleaseReadyAsync(passed, inputComplete: false, cancellationToken).ConfigureAwait(false));
        }
        else if (!HoldUntilComplete && _pending.Count > 0 && _time.GetElapsedTime(_lastRetry) >= s_pendingRetry)
        {
            // Windows another process was releasing (or whose last shard was elsewhere): asked again now and then.
            replayed.AddRange(await ReleaseReadyAsync(long.MinValue, inputComplete: false, cancellationToken).ConfigureAwait(false));
        }

        return replayed;
    }

    /// <summary>
    /// A fleet's population view catches up with the nodes other workers released while this worker's shards
    /// brought no batch (aws workers call it now and then); false when nothing new was published or there is no fleet view.
    /// </summary>
    public Task<bool> RefreshPopulationAsync(CancellationToken cancellationToken) =>
        _options.Enabled && Continual && _continual is { IsFleet: true } fleet ? fleet.RefreshFleetAsync(cancellationToken) : Task.FromResult(false);

    /// <summary>
    /// The embedded chain keeps the stream's open windows in a stage (<see cref="StreamReleaseStage"/>), saved with the
    /// positions; <see cref="ReleaseAllAsync"/> closes them at the end of a finite input.
    /// </summary>
    public void Attach(StreamReleaseWindows windows) => _streamWindows = windows;

    /// <summary>The input is complete: releases every window still open.</summary>
    public async Task<IReadOnlyList<CategoryRelease>> ReleaseAllAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return [];
        }

        foreach ((string shardId, ShardReleaseState shard) in _shards)
        {
            (IReadOnlyList<WindowPartial> closed, long through) = shard.CloseThrough(long.MaxValue);
            await ContributeAsync(shardId, through, closed, cancellationToken).ConfigureAwait(false);
        }

        if (_streamWindows is not null)
        {
            // The stream's windows (restored with the positions, so a resumed run that read nothing new still has them).
            (IReadOnlyList<WindowPartial> closed, long through) = _streamWindows.CloseAll();
            await ContributeAsync(StreamReleaseStage.StageName, through, closed, cancellationToken).ConfigureAwait(false);
        }

        return await ReleaseReadyAsync(long.MaxValue, inputComplete: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task ContributeAsync(string shardId, long through, IReadOnlyList<WindowPartial> partials, CancellationToken cancellationToken)
    {
        LateExcluded += await _coordinator.ContributeAsync(shardId, through, partials, cancellationToken).ConfigureAwait(false);
        foreach (WindowPartial partial in partials)
        {
            _pending.Add(partial.StartTicks);
        }
    }

    /// <summary>Tries every window this process waits on, and every window of the stream that has ended by <paramref name="endingBy"/>.</summary>
    private async Task<List<CategoryRelease>> ReleaseReadyAsync(long endingBy, bool inputComplete, CancellationToken cancellationToken)
    {
        _lastRetry = _time.GetTimestamp();
        if (endingBy != long.MinValue)
        {
            long windowTicks = _options.ReleaseWindow.Ticks;
            long latestStart = endingBy == long.MaxValue ? long.MaxValue : endingBy - windowTicks;
            foreach (long start in await _coordinator.OpenWindowsAsync(latestStart, cancellationToken).ConfigureAwait(false))
            {
                _pending.Add(start);
            }
        }

        var releases = new List<CategoryRelease>();
        foreach (long start in _pending.ToArray())
        {
            ReleaseOutcome outcome = await ReleaseAsync(start, inputComplete, cancellationToken).ConfigureAwait(false);
            if (outcome.State == ReleaseState.Pending)
            {
                continue;
            }

            _pending.Remove(start);
            if (outcome.State == ReleaseState.Refused)
            {
                RefusedForBudget++;
                continue;
            }

            PrivacyLedgerEntry? count = outcome.Entries.FirstOrDefault(e => e.Query == CountQuery);
            PrivacyLedgerEntry? sum = outcome.Entries.FirstOrDefault(e => e.Query == SumQuery);
            if (count?.NoisyValues is null || sum?.NoisyValues is null)
            {
                // Released by a version that kept no values: paid for already, so nothing new is drawn.
                continue;
            }

            List<CategoryRelease> rows = Rows(start, count.NoisyValues, sum.NoisyValues, count.NoiseScale, sum.NoiseScale);
            if (outcome.DrawnHere)
            {
                ReleasedThisRun++;
            }
            else
            {
                _ledger.Remember(outcome.Entries);
                if (outcome.Publish)
                {
                    Republished++;
                }
                else
                {
                    ReleasedElsewhere++;
                }
            }

            if (outcome.Publish)
            {
                releases.AddRange(rows);
            }
        }

        return releases;
    }
}
