using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator : IItemState
{
    private const byte LedgerItem = 1;

    /// <summary>
    /// The state in compact binary form, for state checkpoints: a fraction of the JSON snapshot's size
    /// and time (the contribution ledger is written directly, its names once), and no long digit
    /// runs in the stored bytes (ticks as text look like card numbers to an output scan).
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        WriteHead(writer);
        _ledger.Write(writer);
    }

    /// <summary>The head of the itemised state: everything but the ledger's entries, which are the items.</summary>
    public void CaptureItems(StateItems into, BinaryWriter head)
    {
        ArgumentNullException.ThrowIfNull(into);
        WriteHead(head);
        _ledger.WriteNames(head);
        into.Full |= !_ledger.Tracking;
        _ledger.WriteItems(into, LedgerItem, into.Full);
    }

    /// <summary>Replaces the whole state with a head and the items written by <see cref="CaptureItems"/>.</summary>
    public void RestoreItems(BinaryReader head, IEnumerable<StateItem> items)
    {
        ReadHead(head);
        _ledger.ReadItems(head, items);
    }

    /// <summary>Replaces the whole state with one written by <see cref="WriteState"/> under the same layout.</summary>
    public void ReadState(BinaryReader reader)
    {
        ReadHead(reader);
        _ledger.Read(reader);
    }

    private void WriteHead(BinaryWriter writer)
    {
        WindowSnapshot snapshot = Snapshot(includeContributions: false);
        writer.Write(snapshot.Layout);
        writer.Write(snapshot.WatermarkTicks);
        writer.Write(snapshot.ShardMaxTicks.Count);
        foreach ((string shard, long ticks) in snapshot.ShardMaxTicks)
        {
            writer.Write(shard);
            writer.Write(ticks);
        }

        writer.Write(snapshot.ShardPositions.Count);
        foreach ((string shard, string position) in snapshot.ShardPositions)
        {
            writer.Write(shard);
            writer.Write(position);
        }

        writer.Write(snapshot.Cells.Count);
        foreach (WindowCellState c in snapshot.Cells)
        {
            writer.Write((int)c.Size);
            writer.Write(c.StartUtcTicks);
            writer.Write(c.EndUtcTicks);
            writer.Write(c.StartOffsetTicks);
            writer.Write((int)c.Kind);
            writer.Write(c.Key);
            writer.Write(c.Count);
            writer.Write(c.Amount);
        }
    }

    private void ReadHead(BinaryReader reader)
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
    }
}
