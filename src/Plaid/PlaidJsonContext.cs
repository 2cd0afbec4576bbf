using System.Text.Json.Serialization;
using StreamGuard.Core.Ingestion.Plaid;

namespace StreamGuard.Plaid;

/// <summary>Source-generated JSON for Plaid's wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(PlaidTransaction))]
[JsonSerializable(typeof(PlaidRemovedTransaction))]
[JsonSerializable(typeof(PlaidError))]
[JsonSerializable(typeof(PlaidWebhook))]
[JsonSerializable(typeof(LinkTokenCreateRequest))]
[JsonSerializable(typeof(LinkTokenCreateResponse))]
[JsonSerializable(typeof(SandboxPublicTokenCreateRequest))]
[JsonSerializable(typeof(SandboxPublicTokenCreateResponse))]
[JsonSerializable(typeof(ItemPublicTokenExchangeRequest))]
[JsonSerializable(typeof(ItemPublicTokenExchangeResponse))]
[JsonSerializable(typeof(TransactionsSyncRequest))]
[JsonSerializable(typeof(TransactionsSyncResponse))]
[JsonSerializable(typeof(TransactionsGetRequest))]
[JsonSerializable(typeof(TransactionsGetResponse))]
[JsonSerializable(typeof(TransactionsRefreshRequest))]
[JsonSerializable(typeof(TransactionsRefreshResponse))]
[JsonSerializable(typeof(WebhookVerificationKeyGetRequest))]
[JsonSerializable(typeof(WebhookVerificationKeyGetResponse))]
[JsonSerializable(typeof(PlaidWebhookJwtHeader))]
[JsonSerializable(typeof(PlaidWebhookJwtClaims))]
[JsonSerializable(typeof(PlaidItemStoreDocument))]
public sealed partial class PlaidJsonContext : JsonSerializerContext;
