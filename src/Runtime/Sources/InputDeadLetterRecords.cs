using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Sources;

/// <summary>
/// Input rows the reader rejected, as stream records of their own: they go through the pipeline like
/// every record (the decode stage turns them into dead-letter items), so every
/// sink's exactly-once marks cover them and they reach SQLite and the dead-letters output with their reason.
/// The record's bytes hold the dead letter without its payload (raw input, maybe personal, maybe over the
/// record limit); the whole dead letter travels in-process only, as the record's decoded value.
/// </summary>
public static class InputDeadLetterRecords
{
    private const string FallbackPartitionKey = "dead-letter";

    /// <summary>Its position ("line 7"), which spreads the dead letters of one input over the shards.</summary>
    public static string PartitionKey(DeadLetter deadLetter) =>
        deadLetter.Position.Length is > 0 and <= StreamLimits.MaxPartitionKeyLength ? deadLetter.Position : FallbackPartitionKey;

    public static byte[] Data(DeadLetter deadLetter) => JsonSerializer.SerializeToUtf8Bytes(deadLetter with { Payload = "" }, CoreJsonContext.Default.DeadLetter);
}
