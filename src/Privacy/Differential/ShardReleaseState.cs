using StreamGuard.Core.Model;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One shard's side of the releases: its open windows (exact, per-customer bounded contributions), how far
/// it has passed, and, for a fleet's continual release, its bounded contributions to the open step of the
/// horizon. Each batch gives a <see cref="ReleaseHandIn"/> with what the shard passed. The whole state can be
/// saved and restored, so in aws mode it is saved with the shard's checkpoint (<see cref="ReleasePartialsStage"/>)
/// and a lease that moves mid-window hands in the whole window, and a person's continual bound holds across the move.
/// </summary>
public sealed class ShardReleaseState
{
    private const byte FormatVersion = 1;
    private readonly DifferentialPrivacyOptions _o;
    private readonly Dictionary<long, WindowContributions> _open = [];
    private readonly ContinualContributions? _bound;
    private readonly long[] _stepValues;
    private readonly List<StepPartial> _closedSteps = [];
    private long _passed = long.MinValue;
    private long _eventTicks = long.MinValue;
    private long _horizon = long.MinValue;
    private int _step;
    private long _continualReported = long.MinValue;
    private string? _shard;

    /// <param name="continual">Count this shard's part of the fleet's continual release too.</param>
    public ShardReleaseState(DifferentialPrivacyOptions options, bool continual)
    {
        _o = options;
        _bound = continual ? ContinualPopulation.NewBound(options) : null;
        _stepValues = continual ? new long[ContinualPopulation.Width] : [];
    }

    /// <summary>Every window ending at or before this has been passed (long.MinValue: none yet).</summary>
    public long PassedThrough => _passed;

    /// <summary>Starts of the windows open on this shard.</summary>
    public IReadOnlyCollection<long> OpenWindows => _open.Keys;

    /// <summary>
    /// Takes in one batch's live transactions of the shard.
    /// </summary>
    /// <param name="hold">Close no window (a finite input releases everything at its end).</param>
    /// <param name="alreadyReleased">True for a window start whose release is already recorded and republished instead (embedded replays): its records are left out.</param>
    public ReleaseHandIn Observe(string shardId, IEnumerable<EnrichedTransaction> live, bool hold, Func<long, bool>? alreadyReleased = null)
    {
        if (_shard is not null && _shard != shardId)
        {
            // Restored from another shard's state: a child of a split or a merge starts from its parent's. The
            // parent's open windows and open step are dropped (they count as passed at SHARD_END, and a split's two
            // children would otherwise both hand them in: a person's records counted twice). The per-person continual
            // bound is kept: a person's later records land on one child, which goes on from what the parent counted.
            _open.Clear();
            Array.Clear(_stepValues);
        }

        _shard = shardId;
        long windowTicks = _o.ReleaseWindow.Ticks;
        long late = 0;
        long continualLate = 0;
        foreach (EnrichedTransaction t in live)
        {
            long ticks = t.EventTime.UtcTicks;
            _eventTicks = Math.Max(_eventTicks, ticks);
            if (_bound is not null && !AddContinual(t))
            {
                continualLate++;
            }

            long start = ticks - (ticks % windowTicks);
            if (start + windowTicks <= _passed)
            {
                late++;
                continue;
            }

            if (alreadyReleased?.Invoke(start) == true)
            {
                continue;
            }

            if (!_open.TryGetValue(start, out WindowContributions? window))
            {
                window = new WindowContributions(_o.MaxTransactionsPerCustomer, _o.AmountClamp);
                _open[start] = window;
            }

            window.Add(t.CustomerId, t.Category, t.Amount);
        }

        var handIn = new ReleaseHandIn(shardId) { LateExcluded = late, ContinualLate = continualLate, PassedThroughTicks = _passed };
        if (!hold && _eventTicks != long.MinValue)
        {
            // The shard has passed every window ending at or before its watermark (aligned down to a window end).
            long watermark = _eventTicks - _o.AllowedLateness.Ticks;
            long through = watermark - (((watermark % windowTicks) + windowTicks) % windowTicks);
            if (through > _passed)
            {
                (IReadOnlyList<WindowPartial> closed, long passed) = CloseThrough(through);
                handIn = handIn with { WindowsAdvanced = true, Windows = closed, PassedThroughTicks = passed };
            }
        }

        if (_bound is not null && _horizon != long.MinValue)
        {
            long continualThrough = ContinualThrough;
            handIn = handIn with
            {
                ContinualHorizonTicks = _horizon,
                ContinualThroughTicks = continualThrough,
                ContinualAdvanced = continualThrough > _continualReported || _closedSteps.Count > 0,
                Steps = [.. _closedSteps],
            };
            _continualReported = continualThrough;
            _closedSteps.Clear();
        }

        return handIn;
    }

    /// <summary>
    /// Closes every open window ending at or before <paramref name="through"/> (long.MaxValue: all of them,
    /// the input being complete) and returns their partials with how far the shard has now passed.
    /// </summary>
    public (IReadOnlyList<WindowPartial> Closed, long PassedThrough) CloseThrough(long through)
    {
        long windowTicks = _o.ReleaseWindow.Ticks;
        long[] closed = _open.Keys.Where(s => through == long.MaxValue || s + windowTicks <= through).Order().ToArray();
        WindowPartial[] partials = closed.Select(s => _open[s].ToPartial(s)).ToArray();
        if (through == long.MaxValue)
        {
            // The input is complete: the shard has passed what it held, and later records (a new input) are not late.
            through = Math.Max(_passed, closed.Length > 0 ? closed[^1] + windowTicks : long.MinValue);
        }

        foreach (long start in closed)
        {
            _open.Remove(start);
        }

        _passed = Math.Max(_passed, through);
        return (partials, _passed);
    }

    private long ContinualThrough => _horizon + (_step * _o.ContinualStep.Ticks);

    /// <summary>False for a transaction of a horizon the shard has left (late for the continual release).</summary>
    private bool AddContinual(EnrichedTransaction t)
    {
        long horizon = PrivacyBudgetLedger.HorizonStart(t.EventTime, _o.BudgetHorizon).UtcTicks;
        if (horizon < _horizon)
        {
            return false;
        }

        if (horizon > _horizon)
        {
            CloseStep();
            _horizon = horizon;
            _step = 0;
            _bound!.Clear();
        }

        int steps = (int)(_o.BudgetHorizon.Ticks / _o.ContinualStep.Ticks);
        int step = (int)Math.Min(steps - 1, (t.EventTime.UtcTicks - _horizon) / _o.ContinualStep.Ticks);
        if (step > _step)
        {
            // A record earlier than the open step (late within the horizon) is counted in the open step, as in one process.
            CloseStep();
            _step = step;
        }

        ContinualPopulation.Contribute(_bound!, t, _stepValues);
        return true;
    }

    private void CloseStep()
    {
        if (_horizon != long.MinValue && Array.Exists(_stepValues, v => v != 0))
        {
            _closedSteps.Add(new StepPartial(_horizon, _step, (long[])_stepValues.Clone()));
        }

        Array.Clear(_stepValues);
    }

    /// <summary>The whole state as bytes (saved with the shard's checkpoint).</summary>
    public byte[] Capture()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FormatVersion);
            writer.Write(_shard ?? "");
            writer.Write(_passed);
            writer.Write(_eventTicks);
            writer.Write(_open.Count);
            foreach ((long start, WindowContributions window) in _open)
            {
                writer.Write(start);
                window.Write(writer);
            }

            writer.Write(_bound is not null);
            if (_bound is not null)
            {
                writer.Write(_horizon);
                writer.Write(_step);
                writer.Write(_continualReported);
                writer.Write(_stepValues.Length);
                foreach (long v in _stepValues)
                {
                    writer.Write(v);
                }

                _bound.Write(writer);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Replaces the state with one <see cref="Capture"/> gave under the same settings.</summary>
    public void Restore(byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The saved release state has format {version}; this version reads {FormatVersion}.");
        }

        _open.Clear();
        _closedSteps.Clear();
        string shard = reader.ReadString();
        _shard = shard.Length == 0 ? null : shard;
        _passed = reader.ReadInt64();
        _eventTicks = reader.ReadInt64();
        int windows = reader.ReadInt32();
        for (int i = 0; i < windows; i++)
        {
            long start = reader.ReadInt64();
            _open[start] = WindowContributions.Read(reader, _o.MaxTransactionsPerCustomer, _o.AmountClamp);
        }

        bool continual = reader.ReadBoolean();
        if (continual != (_bound is not null))
        {
            throw new InvalidDataException($"The saved release state was made with the continual release {(continual ? "on" : "off")}; it is now {(continual ? "off" : "on")}.");
        }

        if (_bound is not null)
        {
            _horizon = reader.ReadInt64();
            _step = reader.ReadInt32();
            _continualReported = reader.ReadInt64();
            int width = reader.ReadInt32();
            if (width != _stepValues.Length)
            {
                throw new InvalidDataException($"The saved continual step has {width} statistics; this version has {_stepValues.Length}.");
            }

            for (int i = 0; i < width; i++)
            {
                _stepValues[i] = reader.ReadInt64();
            }

            _bound.Read(reader);
        }
    }
}
