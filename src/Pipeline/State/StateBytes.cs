using System.Text;

namespace StreamGuard.Pipeline.State;

/// <summary>Binary state blobs with a format tag, so a stage never reads another version's bytes as its own.</summary>
public static class StateBytes
{
    public static byte[] Write(string format, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        // Small chunks, then one array of the exact size: a MemoryStream left its buffer as large-object garbage too.
        using var stream = new SmallChunkStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(format);
            write(writer);
        }

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
