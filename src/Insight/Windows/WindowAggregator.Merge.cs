namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator
{
    /// <summary>
    /// A merged shard's second parent: its open windows join these (a window both parents hold for the same
    /// key, such as a category's, adds up their counts and amounts), its contributions join the correction
    /// ledger, and its shards' progress is kept beside this one's. The watermark is the further of the two:
    /// a window one parent already closed stays closed.
    /// </summary>
    public void MergeState(BinaryReader reader)
    {
        var other = new WindowAggregator(_options);
        other.ReadState(reader);
        WindowSnapshot mine = Snapshot(includeContributions: false);
        WindowSnapshot theirs = other.Snapshot(includeContributions: false);
        var cells = new Dictionary<(WindowSize, long, WindowKeyKind, string), WindowCellState>();
        foreach (WindowCellState cell in mine.Cells.Concat(theirs.Cells))
        {
            var key = (cell.Size, cell.StartUtcTicks, cell.Kind, cell.Key);
            cells[key] = cells.TryGetValue(key, out WindowCellState? seen)
                ? seen with { Count = seen.Count + cell.Count, Amount = seen.Amount + cell.Amount }
                : cell;
        }

        var shardMax = new Dictionary<string, long>(mine.ShardMaxTicks, StringComparer.Ordinal);
        foreach ((string shard, long ticks) in theirs.ShardMaxTicks)
        {
            shardMax[shard] = shardMax.TryGetValue(shard, out long own) ? Math.Max(own, ticks) : ticks;
        }

        var positions = new Dictionary<string, string>(mine.ShardPositions, StringComparer.Ordinal);
        foreach ((string shard, string position) in theirs.ShardPositions)
        {
            positions.TryAdd(shard, position);
        }

        var ledger = new ContributionLedger(_options.CorrectionRetention, _options.MaxTrackedTransactions);
        ledger.MergeFrom(_ledger);
        ledger.MergeFrom(other._ledger);
        Restore(mine with
        {
            WatermarkTicks = Math.Max(mine.WatermarkTicks, theirs.WatermarkTicks),
            ShardMaxTicks = shardMax,
            ShardPositions = positions,
            Cells = [.. cells.Values],
        });
        _ledger.MergeFrom(ledger);
    }
}
