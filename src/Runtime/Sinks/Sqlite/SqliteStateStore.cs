using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using StreamGuard.Core;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The state checkpoint in the embedded database: one row, replaced in one transaction. The row
/// carries the data folder's id, the pseudonym key id and a SHA-256 of the state, so state that is
/// corrupt, copied from another folder or made under another key stops the start with a way out
/// instead of being mixed into this folder's totals. Incremental stages (<see cref="IIncrementalState"/>)
/// keep their items as rows of <c>state_items</c>: a save upserts the changed items and deletes the
/// removed ones in the same write group as the checkpoint row (and the sink's rows and progress
/// marks), so the items and the head that names them always commit together.
/// </summary>
public sealed class SqliteStateStore : IItemStateStore
{
    private const string Row = "checkpoint";
    private const int EnvelopeMagic = 0x32534753; // "SGS2"
    private const string WayOut = "Restore the data folder from a backup, or start it over with --reset.";
    private readonly SqliteStore _store;
    private readonly string _keyId;
    private readonly IReadOnlySet<string> _acceptedKeyIds;
    private readonly SqliteStateItems _items;

    /// <param name="keyId">The pseudonym key in use; <paramref name="acceptedKeyIds"/> adds the previous keys of a rotation.</param>
    public SqliteStateStore(SqliteStore store, string keyId = "", IReadOnlySet<string>? acceptedKeyIds = null)
    {
        _store = store;
        _keyId = keyId;
        _acceptedKeyIds = acceptedKeyIds ?? new HashSet<string>(StringComparer.Ordinal) { keyId };
        _items = new SqliteStateItems(store);
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
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT data FROM state WHERE name = $name";
            command.Parameters.AddWithValue("$name", Row);
            bytes = command.ExecuteScalar() as byte[];
        }

        return Task.FromResult(bytes is null ? null : Open(bytes));
    }

    public Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        byte[] bytes = Seal(checkpoint.ToBytes());
        lock (_store.Gate)
        {
            // The checkpoint row and the items commit together: in the sink's open write group, or in one of their own.
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
                _items.Apply(checkpoint.Stages);
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

        return Task.CompletedTask;
    }

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

    private StateCheckpoint Open(byte[] bytes)
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
            return StateCheckpoint.FromBytes(payload, stage => () => _items.Read(stage));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new UserErrorException($"The saved state in {_store.Path} cannot be read: {e.Message} {WayOut}", e);
        }
    }
}
