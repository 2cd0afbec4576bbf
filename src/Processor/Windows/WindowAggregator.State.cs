namespace StreamGuard.Processor.Windows;

public sealed partial class WindowAggregator
{
    /// <summary>
    /// The state in compact binary form, for state checkpoints: a fraction of the JSON snapshot's size
    /// and time (the contribution ledger is written directly, its names once), and no long digit
    /// runs in the stored bytes (ticks as text look like card numbers to an output scan).
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Layout);
        writer.Write(_watermarkTicks);
        writer.Write(_shardMaxTicks.Count);
        foreach ((string shard, long ticks) in _shardMaxTicks)
        {
            writer.Write(shard);
            writer.Write(ticks);
        }

        writer.Write(_shardPositions.Count);
        foreach ((string shard, string position) in _shardPositions)
        {
            writer.Write(shard);
            writer.Write(position);
        }

        writer.Write(_open.Values.Sum(w => w.Customers.Count + w.Categories.Count));
        foreach ((WindowId id, OpenWindow window) in _open)
        {
            foreach (WindowCell cell in window.Customers.Values.Concat(window.Categories.Values))
            {
                writer.Write((int)id.Size);
                writer.Write(id.StartUtcTicks);
                writer.Write(id.EndUtcTicks);
                writer.Write(window.Bounds.StartOffsetTicks);
                writer.Write((int)cell.Kind);
                writer.Write(cell.Key);
                writer.Write(cell.Count);
                writer.Write(cell.Amount);
            }
        }

        _ledger.Write(writer);
    }

    /// <summary>Replaces the whole state with one written by <see cref="WriteState"/> under the same layout.</summary>
    public void ReadState(BinaryReader reader)
    {
        string layout = reader.ReadString();
        long watermark = reader.ReadInt64();
        var shardMax = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            shardMax[reader.ReadString()] = reader.ReadInt64();
        }

        var positions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            positions[reader.ReadString()] = reader.ReadString();
        }

        var cells = new List<WindowCellState>();
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            cells.Add(new WindowCellState((WindowSize)reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), (WindowKeyKind)reader.ReadInt32(), reader.ReadString(), reader.ReadInt64(), reader.ReadDecimal()));
        }

        Restore(new WindowSnapshot { Layout = layout, WatermarkTicks = watermark, ShardMaxTicks = shardMax, ShardPositions = positions, Cells = cells, Contributions = [] });
        _ledger.Read(reader);
    }
}
