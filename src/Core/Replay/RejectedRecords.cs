using System.Text.Json;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;

namespace StreamGuard.Core.Replay;

/// <summary>Dead letters for events the replayer would not send (over the stream's limits).</summary>
public static class RejectedRecords
{
    public const string Stage = "replay";

    /// <summary>The event as a dead letter: its JSON (cut when long; sealed where stored) and the reason.</summary>
    public static DeadLetter DeadLetter(TransactionEvent e, string reason, string origin, string position) =>
        new(origin, position, Stage, reason, TextFieldLimits.Payload(JsonSerializer.Serialize(e, CoreJsonContext.Default.TransactionEvent)));
}
