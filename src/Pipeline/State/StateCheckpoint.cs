using System.IO.Compression;
using System.Text;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// Every stateful stage's state at one batch boundary, with the last sequence number per shard
/// that state includes: reading resumes after those positions, so nothing is learned twice or lost.
/// </summary>
public sealed record StateCheckpoint(IReadOnlyDictionary<string, string> Positions, IReadOnlyList<StageState> Stages, DateTimeOffset TakenAt)
{
    private const int Magic = 0x53475343; // "SGSC"
    private const int FormatVersion = 1;

    public long Bytes => Stages.Sum(s => (long)s.Data.Length);

    /// <summary>The stored form: gzip-compressed (the window and scorer state compress well).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(TakenAt.UtcTicks);
            writer.Write(Positions.Count);
            foreach ((string shard, string sequence) in Positions)
            {
                writer.Write(shard);
                writer.Write(sequence);
            }

            writer.Write(Stages.Count);
            foreach (StageState stage in Stages)
            {
                writer.Write(stage.Name);
                writer.Write(stage.Data.Length);
                writer.Write(stage.Data);
            }
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a state checkpoint of a known format.</exception>
    public static StateCheckpoint FromBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress), Encoding.UTF8);
        try
        {
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a StreamGuard state checkpoint (wrong magic number).");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"State checkpoint format {version} is not supported (expected {FormatVersion}).");
            }

            var takenAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            int shards = reader.ReadInt32();
            var positions = new Dictionary<string, string>(shards, StringComparer.Ordinal);
            for (int i = 0; i < shards; i++)
            {
                positions[reader.ReadString()] = reader.ReadString();
            }

            int count = reader.ReadInt32();
            var stages = new List<StageState>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                stages.Add(new StageState(name, reader.ReadBytes(reader.ReadInt32())));
            }

            return new StateCheckpoint(positions, stages, takenAt);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The state checkpoint is truncated.", e);
        }
    }
}
