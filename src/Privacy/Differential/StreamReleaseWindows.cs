using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The open release windows of a whole stream read by one process (embedded mode), kept by a stage of the
/// chain (<see cref="StreamReleaseStage"/>) so they are saved with the stream positions and restored with
/// them: a run killed at any moment resumes with every record it had counted, and a run killed after its
/// releases but before it published them republishes them from the ledger. One window holds every shard's
/// records, so a person whose cards land on different shards is still bounded once. A window closes when
/// every shard of the stream has passed it (its event time, less the allowed lateness), or, for a finite
/// input held until complete, at the end (<see cref="CloseAll"/>). Saved as items: one per open window,
/// only those changed since the previous save.
/// </summary>
public sealed class StreamReleaseWindows : IItemState
{
    private const byte FormatVersion = 1;
    private const byte WindowKind = 0;
    private readonly DifferentialPrivacyOptions _o;
    private readonly int _shardCount;
    private readonly Dictionary<long, WindowContributions> _open = [];
    private readonly Dictionary<string, long> _shardEventTicks = new(StringComparer.Ordinal);
    private readonly HashSet<long> _changed = [];
    private readonly List<long> _closed = [];
    private long _closedThrough = long.MinValue;
    private bool _full = true;

    public StreamReleaseWindows(DifferentialPrivacyOptions options, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        _o = options;
        _shardCount = shardCount;
    }

    /// <summary>Every window ending at or before this has been closed (long.MinValue: none yet).</summary>
    public long ClosedThrough => _closedThrough;

    /// <summary>Starts of the open windows.</summary>
    public IReadOnlyCollection<long> OpenWindows => _open.Keys;

    /// <summary>
    /// Counts one batch's live transactions and adds to it what the releases need: a hand-in for its shard (its
    /// late records) and, when the batch let every shard pass more windows, one per shard with the closed windows.
    /// </summary>
    /// <param name="hold">Close no window (a finite input releases everything at its end).</param>
    public void Observe(RecordBatch batch, bool hold)
    {
        long windowTicks = _o.ReleaseWindow.Ticks;
        long late = 0;
        long eventTicks = _shardEventTicks.GetValueOrDefault(batch.ShardId, long.MinValue);
        foreach (PipelineItem item in batch.Items)
        {
            if (!item.IsLive || item.Output is not { Change: ChangeKind.Added } t)
            {
                continue;
            }

            long ticks = t.EventTime.UtcTicks;
            eventTicks = Math.Max(eventTicks, ticks);
            long start = ticks - (ticks % windowTicks);
            if (start + windowTicks <= _closedThrough)
            {
                late++;
                continue;
            }

            if (!_open.TryGetValue(start, out WindowContributions? window))
            {
                window = new WindowContributions(_o.MaxTransactionsPerCustomer, _o.AmountClamp);
                _open[start] = window;
            }

            window.Add(t.CustomerId, t.Category, t.Amount);
            _changed.Add(start);
        }

        if (eventTicks != long.MinValue)
        {
            _shardEventTicks[batch.ShardId] = eventTicks;
        }

        List<ReleaseHandIn> handIns = batch.Results<ReleaseHandIn>();
        var own = new ReleaseHandIn(batch.ShardId) { LateExcluded = late, PassedThroughTicks = _closedThrough };
        long through = hold || _shardEventTicks.Count < _shardCount ? long.MinValue : _shardEventTicks.Values.Min(Aligned);
        if (through <= _closedThrough)
        {
            handIns.Add(own);
            return;
        }

        List<WindowPartial> closed = Close(s => s + windowTicks <= through);
        _closedThrough = through;

        // Every shard has passed them: one hand-in per shard, so the coordinator sees the whole stream passed.
        handIns.Add(own with { WindowsAdvanced = true, Windows = closed, PassedThroughTicks = through });
        foreach (string shard in _shardEventTicks.Keys.Where(s => s != batch.ShardId))
        {
            handIns.Add(new ReleaseHandIn(shard) { WindowsAdvanced = true, PassedThroughTicks = through });
        }
    }

    /// <summary>The input is complete: closes every open window and returns their partials with how far the stream has passed.</summary>
    public (IReadOnlyList<WindowPartial> Closed, long PassedThrough) CloseAll()
    {
        List<WindowPartial> closed = Close(_ => true);
        if (closed.Count > 0)
        {
            // Later records (a new input) of the windows released here are late; later windows are not.
            _closedThrough = Math.Max(_closedThrough, closed[^1].StartTicks + _o.ReleaseWindow.Ticks);
        }

        return (closed, _closedThrough);
    }

    private long Aligned(long eventTicks)
    {
        long windowTicks = _o.ReleaseWindow.Ticks;
        long watermark = eventTicks - _o.AllowedLateness.Ticks;
        return watermark - (((watermark % windowTicks) + windowTicks) % windowTicks);
    }

    private List<WindowPartial> Close(Func<long, bool> closes)
    {
        long[] starts = _open.Keys.Where(closes).Order().ToArray();
        var partials = new List<WindowPartial>(starts.Length);
        foreach (long start in starts)
        {
            partials.Add(_open[start].ToPartial(start));
            _open.Remove(start);
            _changed.Remove(start);
            _closed.Add(start);
        }

        return partials;
    }

    /// <summary>
    /// A stream that does not continue (a new embedded stream whose positions are not those of the saved state):
    /// its records may be read again, so the windows start over, as in a new process; a window the ledger already
    /// holds is then republished from it when it closes again, never paid twice.
    /// </summary>
    public void ForgetOpenWindows()
    {
        _closed.AddRange(_open.Keys);
        _open.Clear();
        _changed.Clear();
        _shardEventTicks.Clear();
        _closedThrough = long.MinValue;
    }

    /// <summary>The next capture writes every item (the state was restored from a whole, itemless save).</summary>
    public void CaptureAllNext() => _full = true;

    public void CaptureItems(StateItems into, BinaryWriter head)
    {
        head.Write(FormatVersion);
        head.Write(_closedThrough);
        head.Write(_shardEventTicks.Count);
        foreach ((string shard, long ticks) in _shardEventTicks)
        {
            head.Write(shard);
            head.Write(ticks);
        }

        bool full = into.Full || _full;
        into.Full = full;
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        foreach (long start in full ? (IEnumerable<long>)_open.Keys : _changed)
        {
            buffer.SetLength(0);
            _open[start].Write(writer);
            writer.Flush();
            into.Upsert(WindowKind, start, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        if (!full)
        {
            foreach (long start in _closed)
            {
                into.Remove(WindowKind, start);
            }
        }

        _changed.Clear();
        _closed.Clear();
        _full = false;
    }

    public void RestoreItems(BinaryReader head, IEnumerable<StateItem> items)
    {
        byte version = head.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The saved release windows have format {version}; this version reads {FormatVersion}.");
        }

        _open.Clear();
        _shardEventTicks.Clear();
        _closedThrough = head.ReadInt64();
        int shards = head.ReadInt32();
        for (int i = 0; i < shards; i++)
        {
            string shard = head.ReadString();
            _shardEventTicks[shard] = head.ReadInt64();
        }

        foreach (StateItem item in items)
        {
            if (item.Kind != WindowKind)
            {
                throw new InvalidDataException($"The saved release windows hold an item of kind {item.Kind}; this version knows only windows.");
            }

            using var reader = new BinaryReader(new MemoryStream(item.Data));
            _open[item.Key] = WindowContributions.Read(reader, _o.MaxTransactionsPerCustomer, _o.AmountClamp);
        }

        _changed.Clear();
        _closed.Clear();
        _full = false;
    }
}
