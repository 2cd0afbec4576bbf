using System.Text;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>A write-only stream that passes UTF-8 text to a <see cref="LineWriter"/>, standing in for stdout.</summary>
internal sealed class LineWriterStream(LineWriter lines) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // Each call carries a whole record or the newline, so no UTF-8 sequence is split between calls.
    public override void Write(ReadOnlySpan<byte> buffer) => lines.Write(Encoding.UTF8.GetString(buffer));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
