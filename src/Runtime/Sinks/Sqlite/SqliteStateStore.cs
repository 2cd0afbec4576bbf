using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The state checkpoint in the embedded database: one row, replaced in one transaction. The row
/// carries the data folder's id, the pseudonym key id and a SHA-256 of the state, so state that is
/// corrupt, copied from another folder or made under another key stops the start with a way out
/// instead of being mixed into this folder's totals. Incremental stages (<see cref="IIncrementalState"/>)
/// keep their items as rows of <c>state_items</c> plus a log of the saves not folded in yet
/// (<see cref="SqliteStateLog"/>): a save appends its changed items as a few blobs and publishes them
/// with the checkpoint row in one short transaction (with the sink's rows and progress marks), so the
/// items and the head that names them always commit together, and the store's lock is never held for
/// a whole save's items (which stalled delivery for seconds).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The fold writes on the store's connection and belongs to the store, which stops it before the connection closes.")]
public sealed class SqliteStateStore : IItemStateStore
{
    private const string Row = "checkpoint";
    private const int EnvelopeMagic = 0x32534753; // "SGS2"
    private const string WayOut = "Restore the data folder from a backup, or start it over with --reset.";
    private readonly SqliteStore _store;
    private readonly string _keyId;
    private readonly IReadOnlySet<string> _acceptedKeyIds;
    private readonly SqliteStateLog _log;
    private readonly SqliteStateItems _items;
    private readonly SqliteStateFold _fold;
    private readonly HashSet<string> _wholeCleared = new(StringComparer.Ordinal);

    // The previous save's stored length: the next save's buffer starts there (StateCheckpoint.ToBytes).
    private int _lastStoredBytes;
    private long _nextGeneration;

    /// <param name="keyId">The pseudonym key in use; <paramref name="acceptedKeyIds"/> adds the previous keys of a rotation.</param>
    /// <param name="logger">Where the background fold reports the error that stops it.</param>
    public SqliteStateStore(SqliteStore store, string keyId = "", IReadOnlySet<string>? acceptedKeyIds = null, ILogger? logger = null)
    {
        _store = store;
        _keyId = keyId;
        _acceptedKeyIds = acceptedKeyIds ?? new HashSet<string>(StringComparer.Ordinal) { keyId };
        _log = new SqliteStateLog(store);
        _items = new SqliteStateItems(store, _log);
        _fold = store.Fold(() => new SqliteStateFold(store, _log, _items, logger ?? NullLogger.Instance));
    }

    /// <summary>True when a state row exists (whatever its content).</summary>
    public bool Exists()
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM state WHERE name = $name";
            command.Parameters.AddWithValue("$name", Row);
            return (long)command.ExecuteScalar()! > 0;
        }
    }

    public Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        byte[]? bytes;
        long mark;
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT data FROM state WHERE name = $name";
            command.Parameters.AddWithValue("$name", Row);
            bytes = command.ExecuteScalar() as byte[];
            // Read with the row it was committed with: the log blobs up to it are part of this state, later ones are not.
            mark = _log.ReadMark();
        }

        return Task.FromResult(bytes is null ? null : Open(bytes, mark));
    }

    /// <summary>
    /// Writes the changed items as a few log blobs of a new generation, each under the store's lock for
    /// one insert only (they ride in the sink's write groups, invisible until published), then the
    /// checkpoint row and the generation's mark in one short transaction with the sink's open group.
    /// The items reach <c>state_items</c> later, folded in slices beside delivery (<see cref="SqliteStateFold"/>).
    /// </summary>
    public Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        byte[] stored = checkpoint.ToBytes(_lastStoredBytes);
        _lastStoredBytes = stored.Length;
        byte[] bytes = Seal(stored);
        long generation;
        long rollbacks;
        lock (_store.Gate)
        {
            rollbacks = _store.Rollbacks;
            if (_nextGeneration == 0)
            {
                // The first save of this process, or the first after a failed one: blobs of saves that never
                // published (killed or failed between their blobs and their mark) must not become part of this one.
                long mark = _log.ReadMark();
                _store.BeginGroup();
                _log.DropUnpublished(mark);
                _nextGeneration = mark + 1;
            }

            generation = _nextGeneration++;
        }

        try
        {
            int seq = 0;
            foreach (StateLogBlob blob in StateLogBlob.Of(checkpoint.Stages, ClearsWhole))
            {
                lock (_store.Gate)
                {
                    _store.BeginGroup();
                    _log.Insert(generation, seq, blob);
                }

                seq++;
                BlobWritten?.Invoke(seq);
            }

            lock (_store.Gate)
            {
                // The sink's group was dropped meanwhile (a batch failed): blobs of this save went with it.
                if (_store.Rollbacks != rollbacks)
                {
                    throw new InvalidOperationException("The state save's log blobs were rolled back with a failed write group; the save is not published.");
                }

                // The checkpoint row and the mark commit together: in the sink's open write group, or in one of their own.
                _store.BeginGroup();
                using SqliteCommand command = _store.Connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO state (name, data, saved_at) VALUES ($name, $data, $at)
                    ON CONFLICT (name) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at
                    """;
                command.Parameters.AddWithValue("$name", Row);
                command.Parameters.Add("$data", SqliteType.Blob).Value = bytes;
                command.Parameters.AddWithValue("$at", checkpoint.TakenAt.ToUnixTimeMilliseconds());
                try
                {
                    command.ExecuteNonQuery();
                    _log.Publish(generation);
                }
                catch
                {
                    // Half a save must not commit with the next batch's group: drop the group (the pipeline stops on this error).
                    _store.RollbackPending();
                    throw;
                }

                // The sink's open write group holds the batches this state covers: commit them with it.
                _store.CommitPending();
            }
        }
        catch
        {
            // The next save starts by dropping whatever this one left unpublished.
            lock (_store.Gate)
            {
                _nextGeneration = 0;
            }

            throw;
        }

        foreach (StageState stage in checkpoint.Stages)
        {
            _wholeCleared.Remove(stage.Name);
            if (stage.Items is null)
            {
                _wholeCleared.Add(stage.Name);
            }
        }

        if (FoldsInBackground)
        {
            _fold.Wake();
        }

        return Task.CompletedTask;
    }

    /// <summary>Fold timings: the slices' wall time in all and the longest, item changes and blobs folded.</summary>
    public TimeSpan FoldTime => _fold.Time;

    public TimeSpan LongestFoldSlice => _fold.LongestSlice;

    public long FoldedItems => _fold.Items;

    /// <summary>The error that stopped the background fold, or null while it runs (or ran) fine.</summary>
    public Exception? FoldError => _fold.Error;

    /// <summary>False: published blobs stay in the log until <see cref="FoldNow"/> (tests of a restore over unfolded blobs).</summary>
    internal bool FoldsInBackground { get; init; } = true;

    /// <summary>After each log blob is written (its number from 1), before the mark: tests stop a save here.</summary>
    internal Action<int>? BlobWritten { get; set; }

    /// <summary>Folds every published log blob into <c>state_items</c> now, on the calling thread.</summary>
    internal void FoldNow() => _fold.FoldAll();

    /// <summary>Folds one slice now; false when no published blob is left.</summary>
    internal bool FoldStep() => _fold.Step();

    /// <summary>Blobs in the log, published or not.</summary>
    internal long LogBlobs()
    {
        lock (_store.Gate)
        {
            return _log.Count();
        }
    }

    /// <summary>A stage saved whole drops the items it may have left, once per process (or again after it was saved as items).</summary>
    private bool ClearsWhole(string stage) => !_wholeCleared.Contains(stage);

    private byte[] Seal(byte[] payload)
    {
        // The header first, then one array of the exact size: the payload is copied once, not twice.
        using var header = new MemoryStream(256);
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(EnvelopeMagic);
            writer.Write(_store.FolderId);
            writer.Write(_keyId);
            writer.Write(SHA256.HashData(payload));
            writer.Write(payload.Length);
        }

        byte[] sealedBytes = new byte[header.Length + payload.Length];
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(sealedBytes);
        payload.CopyTo(sealedBytes.AsSpan((int)header.Length));
        return sealedBytes;
    }

    private StateCheckpoint Open(byte[] bytes, long mark)
    {
        string folderId;
        string keyId;
        byte[] hash;
        byte[] payload;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadInt32() != EnvelopeMagic)
            {
                throw new UserErrorException($"The saved state in {_store.Path} is not in a format this version reads (older version, or corrupt). {WayOut}");
            }

            folderId = reader.ReadString();
            keyId = reader.ReadString();
            hash = reader.ReadBytes(32);
            int length = reader.ReadInt32();
            payload = reader.ReadBytes(length);
            if (hash.Length != 32 || length <= 0 || payload.Length != length)
            {
                throw new EndOfStreamException();
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException or FormatException)
        {
            throw new UserErrorException($"The saved state in {_store.Path} is truncated or corrupt. {WayOut}", e);
        }

        if (!CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(payload)))
        {
            throw new UserErrorException($"The saved state in {_store.Path} is corrupt (its checksum does not match). {WayOut}");
        }

        if (folderId != _store.FolderId)
        {
            throw new UserErrorException($"The saved state in {_store.Path} was copied from another data folder (folder {folderId}, this one is {_store.FolderId}): mixing it in would count that folder's data here. {WayOut}");
        }

        if (!_acceptedKeyIds.Contains(keyId))
        {
            throw new UserErrorException($"The saved state in {_store.Path} was made under pseudonym key {keyId}, not the key in use ({_keyId}). Restore that key, or start the folder over with --reset.");
        }

        try
        {
            return StateCheckpoint.FromBytes(payload, stage => () => _items.Read(stage, mark));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new UserErrorException($"The saved state in {_store.Path} cannot be read: {e.Message} {WayOut}", e);
        }
    }
}
