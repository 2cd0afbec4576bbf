using StreamGuard.Core.Model;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Adds the batches' window changes to <c>aggregates</c>, once per window cell and write group: the
/// changes are summed per cell until the group commits (<see cref="Flush"/>, run by the store just
/// before COMMIT) and dropped with it on a rollback (<see cref="Discard"/>), like the budget standings.
/// The sums are additive, so the committed rows are those of one upsert per batch; written in the
/// table's key order, the upserts walk its b-tree once instead of jumping to a random cell per change.
/// Past <see cref="MaxPending"/> cells the sums are written early, into the still open transaction
/// (a rollback takes them back with it), so a large group does not hold them all in memory.
/// </summary>
internal sealed class SqliteWindowDeltas : IDisposable
{
    /// <summary>Cells summed in memory at most (about 64 bytes each) before they are written early.</summary>
    public const int MaxPending = 65_536;

    /// <summary>
    /// The upsert tail that adds counts and amounts to a row already there (the rekeyer's merge shares it).
    /// The amount column is a double, and a sum of doubles depends on its order: the same changes summed
    /// in other groups (a run that crashed and resumed, or whose groups the 10 s age cut elsewhere)
    /// differed in the 12th digit. Rounded to 4 places (the most any currency's minor unit has, ISO 4217)
    /// after every addition, each stored total is the double nearest its exact decimal value whatever the
    /// grouping, for amounts of up to 4 places and totals under about 10^11.
    /// </summary>
    public const string AddToRow = "ON CONFLICT (window, start, key_kind, key) DO UPDATE SET count = count + excluded.count, amount = ROUND(amount + excluded.amount, 4)";

    private readonly RawStatement _add;
    private readonly Dictionary<Cell, Totals> _pending = [];
    private readonly int _maxPending;
    // The cells of a flush in key order, kept between flushes: at 65,536 cells it is 2 MB, a large-object
    // allocation per flush otherwise.
    private Cell[] _order = [];

    public SqliteWindowDeltas(SqliteStore store, int maxPending = MaxPending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        _maxPending = maxPending;
        _add = new RawStatement(store.Connection, "INSERT INTO aggregates VALUES (?1, ?2, ?3, ?4, ?5, ROUND(?6, 4)) " + AddToRow);
    }

    /// <summary>Changes waiting for the commit, one per cell.</summary>
    public int Pending => _pending.Count;

    public void Add(WindowTotal change)
    {
        var cell = new Cell(change.Window, change.Start.ToUnixTimeMilliseconds(), change.KeyKind, change.Key);
        ref Totals totals = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, cell, out _);
        totals = new Totals(totals.Count + change.Count, totals.Amount + change.Amount);
        if (_pending.Count >= _maxPending)
        {
            Flush();
        }
    }

    /// <summary>Writes the sums (in key order) into the open transaction and forgets them.</summary>
    public void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        int count = _pending.Count;
        if (_order.Length < count)
        {
            _order = new Cell[Math.Max(count, Math.Min(_order.Length * 2, _maxPending))];
        }

        _pending.Keys.CopyTo(_order, 0);
        Span<Cell> cells = _order.AsSpan(0, count);
        cells.Sort();
        foreach (Cell cell in cells)
        {
            Totals totals = _pending[cell];
            _add.Bind(1, cell.Window);
            _add.Bind(2, cell.StartMs);
            _add.Bind(3, cell.KeyKind);
            _add.Bind(4, cell.Key);
            _add.Bind(5, totals.Count);
            _add.Bind(6, (double)totals.Amount);
            _add.Execute();
        }

        cells.Clear();
        _pending.Clear();
    }

    public void Discard() => _pending.Clear();

    public void Dispose() => _add.Dispose();

    /// <summary>A row of <c>aggregates</c>, ordered as its primary key (SQLite's BINARY collation is ordinal).</summary>
    private readonly record struct Cell(string Window, long StartMs, string KeyKind, string Key) : IComparable<Cell>
    {
        public int CompareTo(Cell other)
        {
            int c = string.CompareOrdinal(Window, other.Window);
            if (c == 0)
            {
                c = StartMs.CompareTo(other.StartMs);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(KeyKind, other.KeyKind);
            }

            return c != 0 ? c : string.CompareOrdinal(Key, other.Key);
        }
    }

    private readonly record struct Totals(long Count, decimal Amount);
}
