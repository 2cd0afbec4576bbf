using System.Text.Json.Serialization;

namespace StreamGuard.Core.Plaid;

/// <summary>Source-generated JSON for Plaid's wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(PlaidTransaction))]
[JsonSerializable(typeof(PlaidRemovedTransaction))]
public sealed partial class PlaidJsonContext : JsonSerializerContext;
