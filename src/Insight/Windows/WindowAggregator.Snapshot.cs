using StreamGuard.Core.Model;

namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator
{
    private string Layout => string.Join(',', _targets.Select(t => $"{WindowOptions.NameOf(t.Kind)}/{WindowOptions.NameOf(t.Size)}"))
        + $";lateness={_latenessTicks[0]}/{_latenessTicks[2]};zone={_options.TimeZoneId}";

    /// <summary>
    /// The state as of the last <see cref="Flush"/>, with the last sequence number per shard it
    /// includes. Commit the stream checkpoint at those positions together with the snapshot and a
    /// restart neither loses nor double-counts. Records at or before them that are delivered again
    /// update nothing; an added one re-publishes its delta (a replayed correction does not).
    /// </summary>
    public WindowSnapshot Snapshot() => Snapshot(includeContributions: true);

    // The state checkpoint writes the ledger itself (compactly): it asks for the rest only.
    private WindowSnapshot Snapshot(bool includeContributions) => new()
    {
        Layout = Layout,
        WatermarkTicks = _watermarkTicks,
        ShardMaxTicks = new Dictionary<string, long>(_shardMaxTicks, StringComparer.Ordinal),
        ShardPositions = new Dictionary<string, string>(_shardPositions, StringComparer.Ordinal),
        Cells = [.. _open.SelectMany(w => w.Value.Customers.Values.Concat(w.Value.Categories.Values).Select(cell =>
            new WindowCellState(w.Key.Size, w.Key.StartUtcTicks, w.Key.EndUtcTicks, w.Value.Bounds.StartOffsetTicks, cell.Kind, cell.Key, cell.Count, cell.Amount)))],
        Contributions = includeContributions
            ? [.. _ledger.Entries().Select(e => new ContributionState(e.Key, e.Contribution.EventUtcTicks, e.Contribution.Amount, e.Contribution.CustomerId, e.Contribution.Category, e.Contribution.Applied))]
            : [],
    };

    /// <summary>Replaces the whole state with a snapshot taken by an aggregator with the same layout.</summary>
    public void Restore(WindowSnapshot snapshot)
    {
        if (snapshot.Layout != Layout)
        {
            throw new InvalidOperationException($"The window snapshot was taken with layout '{snapshot.Layout}' but this aggregator has '{Layout}': restoring it would mis-apply corrections.");
        }

        _open.Clear();
        _dirty.Clear();
        StopCellTracking();
        _orphanDeltas.Clear();
        _ledger.Clear();
        _shardPositions.Clear();
        _restoredPositions.Clear();
        _watermarkTicks = snapshot.WatermarkTicks;
        _shardMaxTicks.Clear();
        foreach ((string shard, long max) in snapshot.ShardMaxTicks)
        {
            _shardMaxTicks[shard] = max;
        }

        _nextCloseTicks = long.MaxValue;
        foreach (WindowCellState state in snapshot.Cells)
        {
            var id = new WindowId(state.Size, state.StartUtcTicks, state.EndUtcTicks);
            if (!_open.TryGetValue(id, out OpenWindow? window))
            {
                window = new OpenWindow(state.Size, new WindowBounds(state.StartUtcTicks, state.EndUtcTicks, state.StartOffsetTicks));
                _open[id] = window;
                _nextCloseTicks = Math.Min(_nextCloseTicks, state.EndUtcTicks + _latenessTicks[(int)state.Size]);
            }

            window.CellsOf(state.Kind)[state.Key] = new WindowCell(window, state.Kind, state.Key) { Count = state.Count, Amount = state.Amount };
        }

        foreach (ContributionState c in snapshot.Contributions)
        {
            _ledger.Set(c.TransactionKey, new Contribution(c.EventUtcTicks, c.Amount, c.CustomerId, c.Category, c.Applied));
        }

        foreach ((string shard, string position) in snapshot.ShardPositions)
        {
            _shardPositions[shard] = position;
            _restoredPositions[shard] = position;
        }
    }

    /// <summary>
    /// After restoring into a new stream (embedded mode after a process restart): sequence numbers
    /// start again, so positions from the old stream must not make new records count as replays.
    /// </summary>
    public void ForgetStreamPositions()
    {
        _shardPositions.Clear();
        _restoredPositions.Clear();
    }

    /// <summary>
    /// The window changes a set of transactions makes on their own, with no earlier state and no
    /// lateness cut-off: for a sink that must recompute part of a batch's deltas after a crash.
    /// </summary>
    public static List<WindowTotal> StatelessDeltas(WindowOptions options, IEnumerable<EnrichedTransaction> transactions)
    {
        var aggregator = new WindowAggregator(new WindowOptions
        {
            CustomerWindows = options.CustomerWindows,
            CategoryWindows = options.CategoryWindows,
            TimeZoneId = options.TimeZoneId,
            CustomerTimeZones = options.CustomerTimeZones,
            MaxOutOfOrderness = TimeSpan.FromDays(3650),
            AllowedLateness = options.AllowedLateness,
            CalendarAllowedLateness = options.CalendarAllowedLateness,
        });
        var late = new List<LateEvent>();
        foreach (EnrichedTransaction t in transactions)
        {
            aggregator.Apply(t, null, null, late);
        }

        var deltas = new List<WindowTotal>();
        aggregator.Flush(deltas);
        return deltas;
    }
}
