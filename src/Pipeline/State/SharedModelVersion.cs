using System.Text;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// One published version of the models learned from every card rather than one (population priors,
/// the supervised model, the alert threshold): what every shard's scorer reads.
/// </summary>
/// <param name="Version">1 for the first version; each publication is the one before plus one.</param>
/// <param name="Publisher">Who published it (worker and shard), for the log.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Data">The models, in the form of the stage that captured them.</param>
public sealed record SharedModelVersion(long Version, string Publisher, DateTimeOffset PublishedAt, byte[] Data)
{
    private const int Magic = 0x53475348; // "SGSH"

    /// <summary>The stored form (one S3 object per version).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream(Data.Length + 64);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Publisher);
            writer.Write(PublishedAt.UtcTicks);
            writer.Write(Data.Length);
            writer.Write(Data);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a stored shared model version.</exception>
    public static SharedModelVersion FromBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a StreamGuard shared model version (wrong magic number).");
            }

            long version = reader.ReadInt64();
            string publisher = reader.ReadString();
            var at = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            int length = reader.ReadInt32();
            byte[] data = reader.ReadBytes(length);
            return data.Length == length ? new SharedModelVersion(version, publisher, at, data) : throw new EndOfStreamException();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The shared model version is truncated.", e);
        }
    }
}
