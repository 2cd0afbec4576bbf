using System.Diagnostics;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Folds the published state log into <c>state_items</c> on a thread of its own, beside delivery: a slice
/// of <see cref="RowsPerSlice"/> rows per transaction, taking the store's lock for that slice only, so the
/// sink's next write waits for one slice instead of a whole save's items. A blob is deleted in the
/// transaction that writes its last slice; a fold killed before then leaves it in the log, where a restore
/// applies it again over the rows already written (which gives the same items).
/// </summary>
internal sealed class SqliteStateFold : IDisposable
{
    /// <summary>Rows written (or deleted, for a clear) per transaction.</summary>
    public const int RowsPerSlice = 1_024;

    /// <summary>Between slices the fold lets go of the lock this long, so the sink's write waiting for it goes first.</summary>
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(5);

    private readonly SqliteStore _store;
    private readonly SqliteStateLog _log;
    private readonly SqliteStateItems _items;
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

    public SqliteStateFold(SqliteStore store, SqliteStateLog log, SqliteStateItems items)
    {
        _store = store;
        _log = log;
        _items = items;
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
    public Exception? Error { get; private set; }

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
                (long Generation, long Seq, string Stage, bool Clears, byte[] Data)? oldest;
                lock (_store.Gate)
                {
                    oldest = _log.OldestPublished(_log.ReadMark());
                }

                if (oldest is not { } blob)
                {
                    return false;
                }

                _current = new Cursor(blob.Generation, blob.Seq, blob.Stage, blob.Clears, LastPerKeyInKeyOrder(StateLogBlob.Decode(blob.Data)));
            }

            Cursor cursor = _current;
            long started = Stopwatch.GetTimestamp();
            int written = 0;
            lock (_store.Gate)
            {
                _store.BeginGroup();
                try
                {
                    if (cursor.Clearing)
                    {
                        cursor.Clearing = _items.DeleteSome(cursor.Stage, RowsPerSlice) == RowsPerSlice;
                    }
                    else
                    {
                        written = Math.Min(RowsPerSlice, cursor.Entries.Length - cursor.Next);
                        _items.Write(cursor.Stage, cursor.Entries.AsSpan(cursor.Next, written));
                        cursor.Next += written;
                        if (cursor.Next == cursor.Entries.Length)
                        {
                            _log.Delete(cursor.Generation, cursor.Seq);
                            cursor.Done = true;
                        }
                    }
                }
                catch (Exception)
                {
                    // The slice must not commit half-written with the sink's next group; the blob stays and is folded from its start.
                    _current = null;
                    _store.RollbackPending();
                    throw;
                }

                _store.CommitPending();
            }

            // Steps run one at a time (the step lock): only the readers of the totals need the interlocked reads.
            long took = Stopwatch.GetElapsedTime(started).Ticks;
            Interlocked.Add(ref _ticks, took);
            Interlocked.Exchange(ref _longestTicks, Math.Max(Interlocked.Read(ref _longestTicks), took));
            Interlocked.Add(ref _itemsFolded, written);
            if (cursor.Done)
            {
                Interlocked.Increment(ref _blobs);
                _current = null;
            }

            return true;
        }
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
                // Nothing is lost: the blobs stay in the log and every restore applies them. Later saves keep appending.
                Error = e;
                return;
            }
        }
    }

    /// <summary>A blob's entries as they end up: the last one per key wins; in key order for the B-tree's sake.</summary>
    private static (byte Kind, long Key, byte[]? Data)[] LastPerKeyInKeyOrder(List<(byte Kind, long Key, byte[]? Data)> entries)
    {
        var last = new Dictionary<(byte, long), int>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            last[(entries[i].Kind, entries[i].Key)] = i;
        }

        (byte Kind, long Key, byte[]? Data)[] kept = [.. last.Values.Order().Select(i => entries[i])];
        Array.Sort(kept, static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Key.CompareTo(b.Key));
        return kept;
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

    /// <summary>The blob being folded and how far.</summary>
    private sealed class Cursor(long generation, long seq, string stage, bool clears, (byte Kind, long Key, byte[]? Data)[] entries)
    {
        public long Generation { get; } = generation;

        public long Seq { get; } = seq;

        public string Stage { get; } = stage;

        public (byte Kind, long Key, byte[]? Data)[] Entries { get; } = entries;

        /// <summary>The stage's earlier rows are still being deleted (a blob that clears).</summary>
        public bool Clearing { get; set; } = clears;

        public int Next { get; set; }

        /// <summary>Every entry written and the blob deleted.</summary>
        public bool Done { get; set; }
    }
}
