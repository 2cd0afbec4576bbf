using System.Text.Json.Serialization;

namespace StreamGuard.Processor.Windows;

/// <summary>Source-generated JSON for window snapshots.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WindowSnapshot))]
internal sealed partial class WindowJsonContext : JsonSerializerContext;
