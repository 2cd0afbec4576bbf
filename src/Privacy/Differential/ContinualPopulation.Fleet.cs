namespace StreamGuard.Privacy.Differential;

// A fleet's continual release: one instance per horizon for the whole stream, every node noised once.
internal sealed partial class ContinualPopulation
{
    private static readonly TimeSpan s_fleetRetry = TimeSpan.FromSeconds(1);
    private readonly IContinualCoordinator? _fleet;
    private double _fleetSpent;
    private long _fleetLastTry;
    private long _fleetHorizonSeen = long.MinValue;
    private int _fleetBusy;

    /// <summary>
    /// A fleet's view: the shards' steps come as partials (<see cref="ReleaseHandIn"/>, counted under the
    /// per-person bound on each shard's own chain), the instance is paid once for the fleet and every node is
    /// noised once by <paramref name="fleet"/>; every worker shows the same values.
    /// </summary>
    public ContinualPopulation(DifferentialPrivacyOptions options, PrivacyBudgetLedger ledger, INoiseSource noise, TimeProvider time, IContinualCoordinator fleet)
        : this(options, ledger, noise, time) => _fleet = fleet;

    /// <summary>Whether the release is the fleet's (shards hand in partials) rather than this process's.</summary>
    public bool IsFleet => _fleet is not null;

    /// <summary>Hands in a shard's passed steps, then takes every node the fleet has released since; returns whether a new release was published.</summary>
    public async Task<bool> ObserveFleetAsync(ReleaseHandIn handIn, CancellationToken cancellationToken)
    {
        IContinualCoordinator fleet = _fleet!;
        LateExcluded += handIn.ContinualLate;
        bool changed = false;
        if (handIn.ContinualAdvanced)
        {
            await fleet.ContributeStepsAsync(handIn.ShardId, handIn.ContinualThroughTicks, handIn.Steps, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        // The view follows the newest horizon any of this worker's shards has reached.
        long seen;
        while (handIn.ContinualHorizonTicks > (seen = Interlocked.Read(ref _fleetHorizonSeen)))
        {
            if (Interlocked.CompareExchange(ref _fleetHorizonSeen, handIn.ContinualHorizonTicks, seen) == seen)
            {
                changed = true;
            }
        }

        if (!changed && _time.GetElapsedTime(_fleetLastTry) < s_fleetRetry)
        {
            return false;
        }

        _fleetLastTry = _time.GetTimestamp();
        return await TryCatchUpAsync(fleet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes every node the fleet has released since (other workers' shards may have completed steps while this
    /// worker's shards brought no batch); returns whether a new release was published. Safe beside the sink's calls.
    /// </summary>
    public Task<bool> RefreshFleetAsync(CancellationToken cancellationToken) => TryCatchUpAsync(_fleet!, cancellationToken);

    /// <summary>One caller at a time (the sink or the refresher); a caller that finds the other at it skips: the other is catching up already.</summary>
    private async Task<bool> TryCatchUpAsync(IContinualCoordinator fleet, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _fleetBusy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            long horizon = Interlocked.Read(ref _fleetHorizonSeen);
            if (horizon == long.MinValue)
            {
                return false;
            }

            if (_horizon == DateTimeOffset.MinValue || horizon > _horizon.UtcTicks)
            {
                _horizon = new DateTimeOffset(horizon, TimeSpan.Zero);
                _counter = null;
                _refused = false;
                _dayEnds.Clear();
            }

            return await CatchUpAsync(fleet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _fleetBusy, 0);
        }
    }

    /// <summary>Pays (or finds paid) the horizon's instance, then applies every node released for the fleet, in order.</summary>
    private async Task<bool> CatchUpAsync(IContinualCoordinator fleet, CancellationToken cancellationToken)
    {
        bool published = false;
        (int steps, int height, double rho) = Calibrate();
        if (_counter is null && !_refused)
        {
            bool gaussian = _o.Mechanism == NoiseMechanism.Gaussian;
            PrivacyLedgerEntry entry = InstanceEntry(_horizon, "", height, rho);
            var request = new ReleaseRequest(entry.ReleaseId, _horizon.UtcTicks, (_horizon + _o.BudgetHorizon).UtcTicks, _horizon, _o.BudgetHorizon,
                _o.ContinualEpsilon, gaussian ? 0 : _o.ContinualEpsilon, rho, _o.Delta, _o.TotalEpsilon);
            ReleaseOutcome paid = await fleet.PayInstanceAsync(request, entry, cancellationToken).ConfigureAwait(false);
            if (paid.State == ReleaseState.Pending)
            {
                return false;
            }

            if (paid.State == ReleaseState.Refused)
            {
                _refused = true;
            }
            else
            {
                if (paid.DrawnHere)
                {
                    Instances++;
                }
                else
                {
                    // Paid by another worker: counted here too, so this worker's spending covers the fleet.
                    _ledger.Remember(paid.Entries);
                }

                _counter = new DyadicCounter(steps, Width, Draw, height);
                _dayEnds.Add((_horizon, 0, 0, 0));
            }

            published = true;
        }

        if (_counter is { } counter)
        {
            while (counter.Completed < counter.Steps)
            {
                int completed = counter.Completed + 1;
                long[]? node = await fleet.TryReleaseNodeAsync(_horizon.UtcTicks, completed, DyadicCounter.NodeSpan(completed, counter.Height), _o.ContinualStep, Width, NoisyNode, cancellationToken).ConfigureAwait(false);
                if (node is null)
                {
                    break;
                }

                counter.CompleteStepWith(node);
                NoteDayEnd();
                published = true;
            }
        }

        if (published)
        {
            _fleetSpent = await fleet.SpentAsync(_horizon, _o.Delta, cancellationToken).ConfigureAwait(false);
            Publish();
        }

        return published;
    }

    /// <summary>The one draw of a node for the fleet (called only by the worker that claimed it).</summary>
    private long[] NoisyNode(long[] exact)
    {
        var noisy = new long[exact.Length];
        for (int i = 0; i < exact.Length; i++)
        {
            noisy[i] = exact[i] + Draw(i);
        }

        return noisy;
    }
}
