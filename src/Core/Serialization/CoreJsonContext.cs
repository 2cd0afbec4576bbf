using System.Text.Json.Serialization;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Serialization;

/// <summary>Source-generated JSON for the wire types: no reflection on the per-record path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TransactionEvent))]
[JsonSerializable(typeof(EnrichedTransaction))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(WindowTotal))]
[JsonSerializable(typeof(DeadLetter))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
