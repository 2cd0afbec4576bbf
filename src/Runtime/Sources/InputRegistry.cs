using Microsoft.Data.Sqlite;
using StreamGuard.Core;
using StreamGuard.Core.Ingestion;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Sources;

/// <summary>
/// The inputs a data folder has taken in (the <c>inputs</c> table). Each input gets a number; the
/// records of input n carry stream sequence counters n × <see cref="CounterSpan"/> + their place in
/// the file, so counters keep growing across inputs and a record sent again after a crash has the
/// sequence number it had before. That is what lets saved stream positions, learned state and the
/// sinks' progress marks stay true from one process to the next.
/// </summary>
public sealed class InputRegistry
{
    /// <summary>Room for this many records per input.</summary>
    public const long CounterSpan = 1_000_000_000_000;

    private readonly SqliteStore _store;
    private readonly TimeProvider _time;

    public InputRegistry(SqliteStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public IReadOnlyList<InputProgress> All()
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT input_index, path, sha256, bytes, complete, events, started_at, completed_at FROM inputs ORDER BY input_index";
            using SqliteDataReader reader = command.ExecuteReader();
            var inputs = new List<InputProgress>();
            while (reader.Read())
            {
                inputs.Add(new InputProgress(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4) != 0, reader.GetInt64(5),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
            }

            return inputs;
        }
    }

    /// <summary>
    /// Finds or registers <paramref name="input"/>. An input consumed before comes back complete
    /// (nothing to do); one that was interrupted comes back to be resumed.
    /// </summary>
    /// <exception cref="UserErrorException">Another input was interrupted and not finished.</exception>
    public InputProgress Begin(InputFileIdentity input)
    {
        IReadOnlyList<InputProgress> inputs = All();
        if (inputs.FirstOrDefault(i => i.Sha256 == input.ContentSha256) is { } known)
        {
            return known;
        }

        if (inputs.FirstOrDefault(i => !i.Complete) is { } unfinished)
        {
            // Its remaining records would get counters below the new input's, behind positions already passed.
            throw new UserErrorException(
                $"The data folder has an unfinished input, '{unfinished.Path}' (interrupted after it started {unfinished.StartedAt:u}). "
                + "Run it again to finish it first, or start the folder over with --reset.");
        }

        long index = inputs.Count == 0 ? 1 : inputs[^1].Index + 1;
        DateTimeOffset now = _time.GetUtcNow();
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "INSERT INTO inputs (input_index, path, sha256, bytes, complete, events, started_at) VALUES ($i, $path, $sha, $bytes, 0, 0, $at)";
            command.Parameters.AddWithValue("$i", index);
            command.Parameters.AddWithValue("$path", input.FullPath);
            command.Parameters.AddWithValue("$sha", input.ContentSha256);
            command.Parameters.AddWithValue("$bytes", new FileInfo(input.FullPath).Length);
            command.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        return new InputProgress(index, input.FullPath, input.ContentSha256, new FileInfo(input.FullPath).Length, Complete: false, Events: 0, now, null);
    }

    /// <summary>Every record of the input was processed and its state saved.</summary>
    public void Complete(long index, long events)
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "UPDATE inputs SET complete = 1, events = $events, completed_at = $at WHERE input_index = $i";
            command.Parameters.AddWithValue("$i", index);
            command.Parameters.AddWithValue("$events", events);
            command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }
}
