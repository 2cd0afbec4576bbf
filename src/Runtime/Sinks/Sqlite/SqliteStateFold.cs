using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Folds the published state log into <c>state_items</c> on a thread of its own, beside delivery: a slice
/// of <see cref="RowsPerSlice"/> rows at a time, taking the store's lock for that slice only, so the
/// sink's next write waits for one slice instead of a whole save's items. The saves (generations) not
/// folded yet are folded together, up to <see cref="MaxBytesPerFold"/> of their blobs, newest change per
/// key winning, in key order; their blobs are deleted in the transaction that writes the last slice. A
/// fold killed before then leaves them in the log, where a restore applies them again, in order, over
/// the rows already written (which gives the same items: each entry sets or removes one key, and the
/// rows hold no change older than the log's).
/// </summary>
internal sealed partial class SqliteStateFold : IDisposable
{
    /// <summary>Rows written (or deleted, for a clear) per transaction.</summary>
    public const int RowsPerSlice = 1_024;

    /// <summary>
    /// Blobs folded together at most (the oldest save alone may be larger). A fold that fell behind by
    /// several saves writes each key once instead of once per save; the blobs and their entries are held
    /// in memory meanwhile, so this bounds what the catching-up costs in RSS.
    /// </summary>
    public const long MaxBytesPerFold = 48L << 20;

    /// <summary>Between slices the fold lets go of the lock this long, so the sink's write waiting for it goes first.</summary>
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(5);

    private readonly SqliteStore _store;
    private readonly SqliteStateLog _log;
    private readonly SqliteStateItems _items;
    private readonly ILogger _logger;
    private readonly Lock _stepLock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly ManualResetEvent _stop = new(false);
    private Thread? _thread;
    private Cursor? _current;
    private long _ticks;
    private long _longestTicks;
    private long _itemsFolded;
    private long _blobs;
    private int _disposed;

    public SqliteStateFold(SqliteStore store, SqliteStateLog log, SqliteStateItems items, ILogger logger)
    {
        _store = store;
        _log = log;
        _items = items;
        _logger = logger;
    }

    /// <summary>Wall time of the fold's slices (each under the store's lock), in all.</summary>
    public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>The longest slice: the longest a write of the sink waited for the fold.</summary>
    public TimeSpan LongestSlice => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

    /// <summary>Item changes written into <c>state_items</c>.</summary>
    public long Items => Interlocked.Read(ref _itemsFolded);

    /// <summary>Log blobs folded and deleted.</summary>
    public long Blobs => Interlocked.Read(ref _blobs);

    /// <summary>The error that stopped the background fold, if one did (the log then stays as it is: a restore still applies it).</summary>
    public Exception? Error => Volatile.Read(ref _error);

    private Exception? _error;

    /// <summary>A save was published: fold it on the background thread (started on the first call).</summary>
    public void Wake()
    {
        lock (_stepLock)
        {
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-state-fold" };
                _thread.Start();
            }
        }

        _wake.Set();
    }

    /// <summary>Folds every published blob now, on the calling thread.</summary>
    public void FoldAll()
    {
        while (Step())
        {
        }
    }

    /// <summary>Folds one slice; false when the log holds no published blob.</summary>
    public bool Step()
    {
        lock (_stepLock)
        {
            if (_current is null)
            {
                (long First, long Last, List<(string Stage, bool Clears, byte[] Data)> Blobs)? oldest;
                long rollbacks;
                lock (_store.Gate)
                {
                    oldest = _log.OldestPublished(_log.ReadMark(), MaxBytesPerFold);
                    rollbacks = _store.Rollbacks;
                }

                if (oldest is not { } generations)
                {
                    return false;
                }

                _current = new Cursor(generations.Last, rollbacks, StageRuns(generations.Blobs));
            }

            Cursor cursor = _current;
            long started = Stopwatch.GetTimestamp();
            int written = 0;
            lock (_store.Gate)
            {
                if (_store.Rollbacks != cursor.Rollbacks)
                {
                    // A write group with slices of this fold in it was dropped: fold the saves again from the start.
                    _current = null;
                    return true;
                }

                if (!_log.Holds(cursor.Last))
                {
                    // Folded meanwhile by another connection to the file: writing these older saves now would undo newer ones.
                    _current = null;
                    return true;
                }

                // A slice rides in the sink's open write group when there is one, and commits with it: a
                // commit of its own would cut the group short and write its pages to the log once more.
                bool ownGroup = !_store.InTransaction;
                _store.BeginGroup();
                try
                {
                    StageRun run = cursor.Runs[cursor.Run];
                    if (cursor.Clearing)
                    {
                        cursor.Clearing = _items.DeleteSome(run.Stage, RowsPerSlice) == RowsPerSlice;
                    }
                    else
                    {
                        written = Math.Min(RowsPerSlice, run.Entries.Length - cursor.Next);
                        _items.Write(run.Stage, run.Slice(cursor.Next, written));
                        cursor.Next += written;
                    }

                    if (!cursor.Clearing && cursor.Next == run.Entries.Length && cursor.NextRun() is false)
                    {
                        // The last slice: the folded saves' blobs go in the same transaction.
                        _log.DeleteThrough(cursor.Last);
                        cursor.Done = true;
                    }
                }
                catch (Exception)
                {
                    // The saves stay in the log and are folded again from the start. A group of the fold's own is
                    // dropped; the sink's group is not the fold's to drop (its batches count as stored): the rows the
                    // slice did write are the folded saves' own values, and their blobs stay until a last slice
                    // deletes them, so the group may commit them (a restore then reads right, as after a kill
                    // between slices).
                    _current = null;
                    if (ownGroup)
                    {
                        _store.RollbackPending();
                    }

                    throw;
                }

                if (ownGroup)
                {
                    _store.CommitPending();
                }
            }

            // Steps run one at a time (the step lock): only the readers of the totals need the interlocked reads.
            long took = Stopwatch.GetElapsedTime(started).Ticks;
            Interlocked.Add(ref _ticks, took);
            Interlocked.Exchange(ref _longestTicks, Math.Max(Interlocked.Read(ref _longestTicks), took));
            Interlocked.Add(ref _itemsFolded, written);
            if (cursor.Done)
            {
                Interlocked.Add(ref _blobs, cursor.Blobs);
                _current = null;
            }

            return true;
        }
    }

    /// <summary>
    /// The saves' blobs as one run per stage: whether it clears the stage first, and its entries as they
    /// end up (the last one per key wins) in key order. Sorted over all the saves, not per blob, a slice
    /// of 1,024 keys lands on a few neighbouring pages of the table instead of on a thousand pages all
    /// over it, so each slice is short and each page is written about once per fold.
    /// </summary>
    private static List<StageRun> StageRuns(List<(string Stage, bool Clears, byte[] Data)> blobs)
    {
        var runs = new List<StageRun>();
        foreach (IGrouping<string, (string Stage, bool Clears, byte[] Data)> stage in blobs.GroupBy(b => b.Stage, StringComparer.Ordinal))
        {
            // In the order they apply. A blob that clears the stage makes the stage's earlier blobs moot: the run starts there.
            (string Stage, bool Clears, byte[] Data)[] all = [.. stage];
            int from = Array.FindLastIndex(all, b => b.Clears);
            byte[][] data = [.. all.Skip(Math.Max(from, 0)).Select(b => b.Data)];
            // One array sorted by key, then by position in the log, instead of a dictionary of keys: a full
            // save holds every item, and a dictionary of them cost the process some 50 MB more at its peak.
            var entries = new List<Entry>(data.Length * StateLogBlob.ItemsPerBlob);
            for (int blob = 0; blob < data.Length; blob++)
            {
                foreach ((byte kind, long key, int offset, int length) in StateLogBlob.Locate(data[blob]))
                {
                    entries.Add(new Entry(kind, key, blob, offset, length));
                }
            }

            Span<Entry> sorted = CollectionsMarshal.AsSpan(entries);
            sorted.Sort(static (a, b) =>
                a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
                : a.Key != b.Key ? a.Key.CompareTo(b.Key)
                : a.Blob != b.Blob ? a.Blob.CompareTo(b.Blob)
                : a.Offset.CompareTo(b.Offset));
            int kept = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                // The last change of each key wins.
                if (i + 1 == sorted.Length || sorted[i + 1].Kind != sorted[i].Kind || sorted[i + 1].Key != sorted[i].Key)
                {
                    sorted[kept++] = sorted[i];
                }
            }

            runs.Add(new StageRun(stage.Key, from >= 0, sorted[..kept].ToArray(), data, all.Length));
        }

        return runs;
    }

    private void Run()
    {
        WaitHandle[] handles = [_stop, _wake];
        while (WaitHandle.WaitAny(handles) == 1)
        {
            try
            {
                while (!_stop.WaitOne(0) && Step())
                {
                    _stop.WaitOne(s_pause);
                }
            }
            catch (Exception e)
            {
                // Nothing is lost: the blobs stay in the log and every restore applies them. Later saves keep
                // appending, so the log grows and restores slow down: say so now, and in the run's summary.
                Volatile.Write(ref _error, e);
                FoldStopped(_logger, e);
                return;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Set();
        _thread?.Join();
        _wake.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Error, Message = "The state fold stopped; saves stay in the state log (restores apply it, more slowly as it grows) until the next start")]
    private static partial void FoldStopped(ILogger logger, Exception error);

    /// <summary>Where an entry's bytes are: blob, offset and length (-1 for a removal).</summary>
    private readonly record struct Entry(byte Kind, long Key, int Blob, int Offset, int Length);

    /// <summary>One stage's changes in the saves folded, ready to write; the bytes stay in the blobs until a slice copies them out.</summary>
    private sealed record StageRun(string Stage, bool Clears, Entry[] Entries, byte[][] Data, int Blobs)
    {
        /// <summary>Entries as the item table writes them: the bytes where they are in the blobs, not copied.</summary>
        public (byte Kind, long Key, ReadOnlyMemory<byte>? Data)[] Slice(int first, int count)
        {
            var slice = new (byte Kind, long Key, ReadOnlyMemory<byte>? Data)[count];
            for (int i = 0; i < count; i++)
            {
                Entry e = Entries[first + i];
                // Not a conditional: its null would convert to an empty array's memory (an upsert of nothing), not a removal.
                ReadOnlyMemory<byte>? data = null;
                if (e.Length >= 0)
                {
                    data = Data[e.Blob].AsMemory(e.Offset, e.Length);
                }

                slice[i] = (e.Kind, e.Key, data);
            }

            return slice;
        }
    }

    /// <summary>The saves being folded and how far.</summary>
    private sealed class Cursor
    {
        public Cursor(long last, long rollbacks, List<StageRun> runs)
        {
            Last = last;
            Rollbacks = rollbacks;
            Runs = runs;
            Clearing = runs[0].Clears;
        }

        /// <summary>The newest generation folded (with every older one the log still holds).</summary>
        public long Last { get; }

        /// <summary>The store's rollbacks when the fold began: a slice written since may have been dropped.</summary>
        public long Rollbacks { get; }

        public List<StageRun> Runs { get; }

        public int Blobs => Runs.Sum(r => r.Blobs);

        /// <summary>The stage run being written.</summary>
        public int Run { get; private set; }

        /// <summary>The current stage's earlier rows are still being deleted (a run that clears).</summary>
        public bool Clearing { get; set; }

        /// <summary>The next entry of the current run to write.</summary>
        public int Next { get; set; }

        /// <summary>Every run written and the saves' blobs deleted.</summary>
        public bool Done { get; set; }

        /// <summary>Moves to the next stage run; false after the last.</summary>
        public bool NextRun()
        {
            if (Run + 1 == Runs.Count)
            {
                return false;
            }

            Run++;
            Next = 0;
            Clearing = Runs[Run].Clears;
            return true;
        }
    }
}
