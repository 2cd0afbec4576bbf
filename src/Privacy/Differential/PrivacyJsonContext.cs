using System.Text.Json.Serialization;

namespace StreamGuard.Privacy.Differential;

/// <summary>Source-generated JSON for the report feed's DP releases and the ledger lines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CategoryRelease))]
[JsonSerializable(typeof(PrivacyLedgerEntry))]
public sealed partial class PrivacyJsonContext : JsonSerializerContext;
