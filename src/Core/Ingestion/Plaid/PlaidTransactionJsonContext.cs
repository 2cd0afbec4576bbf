using System.Text.Json.Serialization;

namespace StreamGuard.Core.Ingestion.Plaid;

/// <summary>Source-generated JSON for the Plaid transaction objects a Plaid JSON file holds (snake_case, as Plaid's API writes them).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(PlaidTransaction))]
[JsonSerializable(typeof(PlaidRemovedTransaction))]
public sealed partial class PlaidTransactionJsonContext : JsonSerializerContext;
