using System.Text.Json.Serialization;

namespace StreamGuard.LiveView.Models;

/// <summary>Source-generated JSON for the SignalR frames and the /api answers (the same field names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DashboardFrame))]
[JsonSerializable(typeof(IReadOnlyList<AlertCase>))]
[JsonSerializable(typeof(IReadOnlyList<HealthPoint>))]
[JsonSerializable(typeof(IReadOnlyList<ShardLag>))]
[JsonSerializable(typeof(IReadOnlyList<VerdictLine>))]
[JsonSerializable(typeof(CardHistory))]
[JsonSerializable(typeof(CustomerView))]
[JsonSerializable(typeof(VerdictRequest))]
[JsonSerializable(typeof(VerdictResult))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class LiveViewJsonContext : JsonSerializerContext;
