using System.Text;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Open window cells as keyed items (kind 2) of the itemised state: a save writes the cells a flush
/// changed since the previous save and removes the cells of windows closed since, instead of every
/// open cell in the head (in a month-long input with 35 days of calendar lateness no day window
/// closes, so the head grew with every customer-day).
/// </summary>
public sealed partial class WindowAggregator
{
    private const byte CellItem = 2;

    // Tracked only once a store keeps items, from the first itemised capture or restore on.
    private readonly HashSet<WindowCell> _changedCells = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<long> _removedCells = [];
    private bool _cellsTracking;

    /// <summary>The stable key of a cell (FNV-1a of its window and key), the same in every process.</summary>
    internal static long CellKeyOf(WindowSize size, WindowBounds bounds, WindowKeyKind kind, string key)
    {
        ulong hash = 14695981039346656037UL;
        hash = (hash ^ (ulong)size) * 1099511628211UL;
        hash = (hash ^ (ulong)kind) * 1099511628211UL;
        for (int shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ (((ulong)bounds.StartUtcTicks >> shift) & 0xFF)) * 1099511628211UL;
            hash = (hash ^ (((ulong)bounds.EndUtcTicks >> shift) & 0xFF)) * 1099511628211UL;
        }

        foreach (char ch in key)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return (long)hash;
    }

    private void CellsChanged(WindowCell cell)
    {
        if (_cellsTracking)
        {
            _changedCells.Add(cell);
        }
    }

    private void CellsClosed(OpenWindow window)
    {
        if (!_cellsTracking)
        {
            return;
        }

        foreach (WindowCell cell in window.Customers.Values.Concat(window.Categories.Values))
        {
            _changedCells.Remove(cell);
            _removedCells.Add(CellKeyOf(cell.Size, cell.Bounds, cell.Kind, cell.Key));
        }
    }

    private void StopCellTracking()
    {
        _cellsTracking = false;
        _changedCells.Clear();
        _removedCells.Clear();
    }

    private void WriteCellItems(StateItems into)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        void Write(WindowCell cell)
        {
            buffer.SetLength(0);
            writer.Write((byte)cell.Size);
            writer.Write(cell.Bounds.StartUtcTicks);
            writer.Write(cell.Bounds.EndUtcTicks);
            writer.Write(cell.Bounds.StartOffsetTicks);
            writer.Write((byte)cell.Kind);
            writer.Write(cell.Key);
            writer.Write(cell.Count);
            writer.Write(cell.Amount);
            writer.Flush();
            into.Upsert(CellItem, CellKeyOf(cell.Size, cell.Bounds, cell.Kind, cell.Key), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        if (into.Full || !_cellsTracking)
        {
            into.Full = true;
            foreach (OpenWindow window in _open.Values)
            {
                foreach (WindowCell cell in window.Customers.Values.Concat(window.Categories.Values))
                {
                    Write(cell);
                }
            }
        }
        else
        {
            // A cell created since the last flush is in the state already (with its totals before the flush).
            foreach (WindowCell cell in _dirty)
            {
                _changedCells.Add(cell);
            }

            foreach (WindowCell cell in _changedCells)
            {
                Write(cell);
            }

            foreach (long key in _removedCells)
            {
                into.Remove(CellItem, key);
            }
        }

        StopCellTracking();
        _cellsTracking = true;
    }

    private void ReadCellItems(IEnumerable<StateItem> items)
    {
        foreach (StateItem item in items)
        {
            using var reader = new BinaryReader(new MemoryStream(item.Data, writable: false), Encoding.UTF8);
            var size = (WindowSize)reader.ReadByte();
            var bounds = new WindowBounds(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
            var kind = (WindowKeyKind)reader.ReadByte();
            string key = _ledger.InternName(reader.ReadString());
            long count = reader.ReadInt64();
            decimal amount = reader.ReadDecimal();
            if (!Enum.IsDefined(size) || !Enum.IsDefined(kind))
            {
                throw new InvalidDataException("A saved window cell names a window size or key kind this version does not know.");
            }

            var id = new WindowId(size, bounds.StartUtcTicks, bounds.EndUtcTicks);
            if (!_open.TryGetValue(id, out OpenWindow? window))
            {
                window = new OpenWindow(size, bounds);
                _open[id] = window;
                _nextCloseTicks = Math.Min(_nextCloseTicks, bounds.EndUtcTicks + _latenessTicks[(int)size]);
            }

            window.CellsOf(kind)[key] = new WindowCell(window, kind, key) { Count = count, Amount = amount };
        }
    }
}
