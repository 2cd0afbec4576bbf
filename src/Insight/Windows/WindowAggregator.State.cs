using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator : IItemState
{
    // The correction ledger's entries: one item per entry in earlier versions (still read), pages of entries now.
    private const byte LedgerEntryItem = 1;
    private const byte LedgerPageItem = 3;

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

    /// <summary>
    /// The head of the itemised state: everything but the ledger's entries and the open cells, which
    /// are the items (an earlier version wrote the cells in the head; such a head still restores).
    /// </summary>
    public void CaptureItems(StateItems into, BinaryWriter head)
    {
        ArgumentNullException.ThrowIfNull(into);
        WriteHead(head, withCells: false);
        _ledger.WriteNames(head);
        into.Full |= !_ledger.Tracking || !_cellsTracking;
        _ledger.WriteItems(into, LedgerPageItem, into.Full);
        WriteCellItems(into);
    }

    /// <summary>Replaces the whole state with a head and the items written by <see cref="CaptureItems"/>.</summary>
    public void RestoreItems(BinaryReader head, IEnumerable<StateItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        int headCells = ReadHead(head);
        List<StateItem> ledger = [];
        List<StateItem> legacyLedger = [];
        List<StateItem> cells = [];
        foreach (StateItem item in items)
        {
            (item.Kind switch
            {
                LedgerPageItem => ledger,
                LedgerEntryItem => legacyLedger,
                CellItem => cells,
                _ => throw new InvalidDataException($"A saved window item has kind {item.Kind}, which this version does not know."),
            }).Add(item);
        }

        _ledger.ReadItems(head, ledger, legacyLedger);
        ReadCellItems(cells);

        // A head that held its cells (the earlier format) has no cell items yet: the next save writes them all.
        _cellsTracking = headCells == 0;
    }

    /// <summary>Replaces the whole state with one written by <see cref="WriteState"/> under the same layout.</summary>
    public void ReadState(BinaryReader reader)
    {
        ReadHead(reader);
        _ledger.Read(reader);
    }

    private void WriteHead(BinaryWriter writer, bool withCells = true)
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

        if (!withCells)
        {
            writer.Write(0);
            return;
        }

        writer.Write(_open.Values.Sum(w => w.Customers.Count + w.Categories.Count));
        foreach ((WindowId id, OpenWindow window) in _open)
        {
            foreach (WindowCell c in window.Customers.Values.Concat(window.Categories.Values))
            {
                writer.Write((int)id.Size);
                writer.Write(id.StartUtcTicks);
                writer.Write(id.EndUtcTicks);
                writer.Write(window.Bounds.StartOffsetTicks);
                writer.Write((int)c.Kind);
                writer.Write(c.Key);
                writer.Write(c.Count);
                writer.Write(c.Amount);
            }
        }
    }

    /// <summary>Reads a head (restoring the state it holds) and returns how many open cells it held.</summary>
    private int ReadHead(BinaryReader reader)
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
        return cells.Count;
    }
}
