using System.Collections.Concurrent;
using System.Text;

namespace StreamGuard.Pipeline.State;

/// <summary>Binary state blobs with a format tag, so a stage never reads another version's bytes as its own.</summary>
public static class StateBytes
{
    // The size each format's state had last time: the next capture starts its buffer there instead of
    // doubling up from 256 bytes (a 17 MB state otherwise leaves some 32 MB of large-object garbage per save).
    private static readonly ConcurrentDictionary<string, int> s_lastSize = new(StringComparer.Ordinal);

    public static byte[] Write(string format, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        int expected = s_lastSize.TryGetValue(format, out int last) ? SaveBufferSize.After(last) : 0;
        using var stream = new MemoryStream(expected);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(format);
            write(writer);
        }

        s_lastSize[format] = (int)stream.Length;
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes were written under another format tag, or are truncated.</exception>
    public static void Read(byte[] state, string format, Action<BinaryReader> read)
    {
        using var reader = new BinaryReader(new MemoryStream(state, writable: false), Encoding.UTF8);
        try
        {
            string found = reader.ReadString();
            if (found != format)
            {
                throw new InvalidDataException($"The saved state has format '{found}', this version reads '{format}'.");
            }

            read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The saved '{format}' state is truncated.", e);
        }
    }

    public static void WriteAll(this BinaryWriter writer, ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    public static void WriteAll(this BinaryWriter writer, ReadOnlySpan<decimal> values)
    {
        foreach (decimal v in values)
        {
            writer.Write(v);
        }
    }

    /// <summary>Fills <paramref name="into"/> with values written by <see cref="WriteAll(BinaryWriter, ReadOnlySpan{double})"/>.</summary>
    public static double[] ReadInto(this BinaryReader reader, double[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = reader.ReadDouble();
        }

        return into;
    }

    public static decimal[] ReadInto(this BinaryReader reader, decimal[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = reader.ReadDecimal();
        }

        return into;
    }
}
