using System.Buffers.Binary;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// One row of <c>state_log</c>: up to <see cref="ItemsPerBlob"/> of a stage's item changes from one save,
/// in the order they apply. Each entry is an op byte (upsert or remove), the kind byte, the 64-bit key
/// and, for an upsert, a 32-bit length and the item's bytes. <see cref="Clears"/> says the stage's
/// earlier items are dropped before the entries apply (a full capture, or a stage now saved whole).
/// </summary>
internal sealed record StateLogBlob(string Stage, bool Clears, byte[] Data, int Count)
{
    /// <summary>Items a blob holds: a few rows per save instead of one per item, each small enough to write under the store's lock without a stall.</summary>
    public const int ItemsPerBlob = 4_096;

    private const byte UpsertOp = 0;
    private const byte RemoveOp = 1;

    /// <summary>The blobs of one save, in the order they apply: per stage, a clear if needed, its upserts in capture order, then its removals.</summary>
    /// <param name="clearWhole">Called for a stage saved whole: true when its leftover items must be dropped.</param>
    public static IEnumerable<StateLogBlob> Of(IReadOnlyList<StageState> stages, Func<string, bool> clearWhole)
    {
        foreach (StageState stage in stages)
        {
            if (stage.Items is not { } items)
            {
                if (clearWhole(stage.Name))
                {
                    yield return new StateLogBlob(stage.Name, Clears: true, [], 0);
                }

                continue;
            }

            bool clears = items.Full;
            int total = items.UpsertCount + items.RemovedCount;
            if (total == 0 && clears)
            {
                yield return new StateLogBlob(stage.Name, Clears: true, [], 0);
            }

            for (int first = 0; first < total; first += ItemsPerBlob)
            {
                int count = Math.Min(ItemsPerBlob, total - first);
                yield return new StateLogBlob(stage.Name, clears, Encode(items, first, count), count);
                clears = false;
            }
        }
    }

    /// <summary>The entries of <see cref="Data"/>, in order: an upsert has its bytes, a removal null.</summary>
    public static List<(byte Kind, long Key, byte[]? Data)> Decode(byte[] data) =>
        [.. Locate(data).Select(e => (e.Kind, e.Key, e.Length < 0 ? null : data.AsSpan(e.Offset, e.Length).ToArray()))];

    /// <summary>Where each entry's bytes are in <paramref name="data"/>, in order; a removal has length -1 (no copies: the fold keeps whole saves in memory).</summary>
    public static IEnumerable<(byte Kind, long Key, int Offset, int Length)> Locate(byte[] data)
    {
        int at = 0;
        while (at < data.Length)
        {
            byte op = data[at];
            byte kind = data[at + 1];
            long key = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(at + 2));
            at += 10;
            if (op == RemoveOp)
            {
                yield return (kind, key, at, -1);
                continue;
            }

            if (op != UpsertOp)
            {
                throw new InvalidDataException($"A state log entry has op {op}, which this version does not know.");
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
            at += 4;
            yield return (kind, key, at, length);
            at += length;
        }
    }

    /// <summary>Applies <paramref name="entries"/> to <paramref name="items"/> in order (after a clear when <paramref name="clears"/>).</summary>
    public static void ApplyTo(Dictionary<(byte Kind, long Key), byte[]> items, bool clears, List<(byte Kind, long Key, byte[]? Data)> entries)
    {
        if (clears)
        {
            items.Clear();
        }

        foreach ((byte kind, long key, byte[]? data) in entries)
        {
            if (data is null)
            {
                items.Remove((kind, key));
            }
            else
            {
                items[(kind, key)] = data;
            }
        }
    }

    /// <summary>Entries <paramref name="first"/> .. first + count of the capture's upserts followed by its removals.</summary>
    private static byte[] Encode(StateItems items, int first, int count)
    {
        int size = 0;
        for (int i = first; i < first + count; i++)
        {
            size += i < items.UpsertCount ? 14 + items.UpsertAt(i).Data.Length : 10;
        }

        byte[] data = new byte[size];
        Span<byte> to = data;
        for (int i = first; i < first + count; i++)
        {
            if (i < items.UpsertCount)
            {
                (byte kind, long key, ReadOnlyMemory<byte> bytes) = items.UpsertAt(i);
                to[0] = UpsertOp;
                to[1] = kind;
                BinaryPrimitives.WriteInt64LittleEndian(to[2..], key);
                BinaryPrimitives.WriteInt32LittleEndian(to[10..], bytes.Length);
                bytes.Span.CopyTo(to[14..]);
                to = to[(14 + bytes.Length)..];
            }
            else
            {
                (byte kind, long key) = items.RemovedAt(i - items.UpsertCount);
                to[0] = RemoveOp;
                to[1] = kind;
                BinaryPrimitives.WriteInt64LittleEndian(to[2..], key);
                to = to[10..];
            }
        }

        return data;
    }
}
