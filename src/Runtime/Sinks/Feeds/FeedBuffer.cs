using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// The one NDJSON buffer of every output: lines serialised with source-generated serializers, grouped
/// by event hour (the date partition), cut into objects of at most <see cref="MaxObjectBytes"/>. It holds
/// one batch's lines (a batch is bounded) and is drained into objects named by that batch's record
/// range, so a replay of the range produces the same objects. Buffers are reused across batches.
/// </summary>
public sealed class FeedBuffer : IDisposable
{
    /// <summary>Default object size limit: large enough for any batch of the default size, small enough to keep S3 puts quick.</summary>
    public const int DefaultMaxObjectBytes = 32 * 1024 * 1024;
    // A batch of the ordered feed spans a dozen or more event hours (one chunk each), so a pool of 8
    // allocated the rest anew every batch (about 0.7 KB per event); buffers grown past PoolBytes are let go.
    private const int PoolLimit = 48;
    private const int PoolBytes = 1 << 20;
    private static readonly byte s_newline = (byte)'\n';
    private readonly ArrayBufferWriter<byte> _scratch = new(1 << 12);
    private readonly Utf8JsonWriter _json;
    private readonly SortedDictionary<DateTime, List<Chunk>> _hours = [];
    private readonly Stack<ArrayBufferWriter<byte>> _pool = new();

    public FeedBuffer(int maxObjectBytes = DefaultMaxObjectBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjectBytes, 2);
        MaxObjectBytes = maxObjectBytes;
        _json = new Utf8JsonWriter(_scratch, new JsonWriterOptions { SkipValidation = true });
    }

    public int MaxObjectBytes { get; }

    /// <summary>Lines appended since the last <see cref="Drain"/>.</summary>
    public int Lines { get; private set; }

    /// <summary>Appends <paramref name="value"/> as one line in the partition of <paramref name="eventTime"/>.</summary>
    public void Append<T>(DateTimeOffset eventTime, T value, JsonTypeInfo<T> type)
    {
        _scratch.ResetWrittenCount();
        JsonSerializer.Serialize(_json, value, type);
        _json.Flush();
        _json.Reset();
        AppendEncoded(eventTime, _scratch.WrittenSpan);
    }

    /// <summary>Appends one already-encoded JSON value (e.g. the encode stage's bytes) as a line.</summary>
    public void AppendEncoded(DateTimeOffset eventTime, ReadOnlySpan<byte> json)
    {
        DateTime utc = eventTime.UtcDateTime;
        var hour = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
        if (!_hours.TryGetValue(hour, out List<Chunk>? chunks))
        {
            chunks = [];
            _hours.Add(hour, chunks);
        }

        int size = json.Length + 1;
        if (chunks.Count == 0 || (chunks[^1].Bytes.WrittenCount > 0 && chunks[^1].Bytes.WrittenCount + size > MaxObjectBytes))
        {
            chunks.Add(new Chunk(_pool.Count > 0 ? _pool.Pop() : new ArrayBufferWriter<byte>(1 << 16)));
        }

        Chunk chunk = chunks[^1];
        chunk.Bytes.Write(json);
        chunk.Bytes.Write(new ReadOnlySpan<byte>(in s_newline));
        chunk.Lines++;
        Lines++;
    }

    /// <summary>
    /// The buffered lines as objects of <paramref name="output"/>, hour by hour, named by
    /// <paramref name="name"/>(part, parts). The objects' bytes stay valid until <see cref="Clear"/>.
    /// </summary>
    public IReadOnlyList<FeedObject> Drain(string output, Func<int, int, string> name)
    {
        int parts = 0;
        foreach (List<Chunk> chunks in _hours.Values)
        {
            parts += chunks.Count;
        }

        var objects = new List<FeedObject>(parts);
        foreach ((DateTime hour, List<Chunk> chunks) in _hours)
        {
            foreach (Chunk chunk in chunks)
            {
                objects.Add(new FeedObject(output, hour, name(objects.Count + 1, parts), chunk.Bytes.WrittenMemory, chunk.Lines));
            }
        }

        return objects;
    }

    /// <summary>Forgets the buffered lines, keeping a few buffers for the next batch.</summary>
    public void Clear()
    {
        foreach (List<Chunk> chunks in _hours.Values)
        {
            foreach (Chunk chunk in chunks)
            {
                if (_pool.Count < PoolLimit && chunk.Bytes.Capacity <= PoolBytes)
                {
                    chunk.Bytes.ResetWrittenCount();
                    _pool.Push(chunk.Bytes);
                }
            }
        }

        _hours.Clear();
        Lines = 0;
    }

    public void Dispose() => _json.Dispose();

    private sealed class Chunk(ArrayBufferWriter<byte> bytes)
    {
        public ArrayBufferWriter<byte> Bytes { get; } = bytes;

        public int Lines { get; set; }
    }
}
