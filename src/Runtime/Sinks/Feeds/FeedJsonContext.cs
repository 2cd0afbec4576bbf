using System.Text.Json.Serialization;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Segments;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>Source-generated JSON for the insight outputs (snake_case, as every output).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BudgetStatus))]
[JsonSerializable(typeof(CustomerSegment))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
