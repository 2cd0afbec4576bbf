using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>Newline-delimited JSON written into one reusable buffer with source-generated serializers.</summary>
internal sealed class NdjsonBuffer : IDisposable
{
    private static readonly byte s_newline = (byte)'\n';
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _json;

    public NdjsonBuffer() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    public int Lines { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Append<T>(T value, JsonTypeInfo<T> type)
    {
        JsonSerializer.Serialize(_json, value, type);
        _json.Flush();
        _json.Reset();
        _buffer.Write(new ReadOnlySpan<byte>(in s_newline));
        Lines++;
    }

    /// <summary>Appends one already-encoded JSON value (e.g. the encode stage's bytes) as a line.</summary>
    public void AppendEncoded(ReadOnlySpan<byte> json)
    {
        _buffer.Write(json);
        _buffer.Write(new ReadOnlySpan<byte>(in s_newline));
        Lines++;
    }

    public void Dispose() => _json.Dispose();
}
