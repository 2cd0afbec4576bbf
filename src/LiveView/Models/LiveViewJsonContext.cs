using System.Text.Json.Serialization;

namespace StreamGuard.LiveView.Models;

/// <summary>Source-generated JSON for the SignalR frames.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DashboardFrame))]
public sealed partial class LiveViewJsonContext : JsonSerializerContext;
