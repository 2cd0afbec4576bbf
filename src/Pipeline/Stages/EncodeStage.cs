using System.Buffers;
using System.Text.Json;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;

namespace StreamGuard.Pipeline.Stages;

/// <summary>
/// Encodes each finished record as JSON once, on its own task, so the sinks (database row,
/// archive line, S3 object) share the bytes instead of each serialising again. One writer and
/// scratch buffer serve every record, and the encoded records are packed side by side into shared
/// arrays below the large-object threshold: a batch of 500 makes about six arrays instead of 500,
/// and none lands on the large object heap. Sinks copy the bytes while they write the batch, so a
/// shared array lives about as long as the batches it holds.
/// </summary>
public sealed class EncodeStage : IPipelineStage
{
    /// <summary>Bytes of one shared array (below the 85,000-byte large-object threshold).</summary>
    internal const int ChunkBytes = 64 * 1024;

    /// <summary>A record this large gets an array of its own rather than most of a shared one.</summary>
    private const int OwnArrayBytes = ChunkBytes / 4;

    // The writer options SerializeToUtf8Bytes uses for these serializer options: same encoder, not indented, no validation.
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Encoder = CoreJsonContext.Default.Options.Encoder,
        Indented = CoreJsonContext.Default.Options.WriteIndented,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _scratch = new(4096);
    private byte[] _chunk = [];
    private int _used;

    public string Name => "encode";

    public void Process(RecordBatch batch)
    {
        // One writer per batch, reset for each record.
        using var writer = new Utf8JsonWriter(_scratch, s_writerOptions);
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                _scratch.ResetWrittenCount();
                writer.Reset(_scratch);
                JsonSerializer.Serialize(writer, item.Output!, CoreJsonContext.Default.EnrichedTransaction);
                item.OutputJson = Keep(_scratch.WrittenSpan);
            }
        }
    }

    private ReadOnlyMemory<byte> Keep(ReadOnlySpan<byte> json)
    {
        if (json.Length > OwnArrayBytes)
        {
            return json.ToArray();
        }

        if (_chunk.Length - _used < json.Length)
        {
            _chunk = new byte[ChunkBytes];
            _used = 0;
        }

        json.CopyTo(_chunk.AsSpan(_used));
        var kept = new ReadOnlyMemory<byte>(_chunk, _used, json.Length);
        _used += json.Length;
        return kept;
    }
}
