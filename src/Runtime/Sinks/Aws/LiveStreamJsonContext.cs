using System.Text.Json.Serialization;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>Source-generated JSON of the live updates workers share through the live stream (same conventions as the core wire types).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LiveUpdate))]
public sealed partial class LiveStreamJsonContext : JsonSerializerContext;
