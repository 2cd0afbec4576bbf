using System.Text.Json.Serialization;

namespace StreamGuard.Insight.Windows;

/// <summary>Source-generated JSON for late events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LateEvent))]
internal sealed partial class WindowJsonContext : JsonSerializerContext;
