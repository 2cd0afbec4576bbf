namespace StreamGuard.Core.Ingestion.Plaid;

/// <summary>
/// A Plaid transaction object (API version 2020-09-14), the fields StreamGuard uses. Unknown
/// fields are ignored and enum-like values are kept as strings, so new values never break parsing.
/// </summary>
public sealed record PlaidTransaction
{
    public string? TransactionId { get; init; }
    public string? AccountId { get; init; }
    public decimal? Amount { get; init; }
    public string? IsoCurrencyCode { get; init; }
    public string? UnofficialCurrencyCode { get; init; }
    public string? Date { get; init; }
    public string? Datetime { get; init; }
    public string? AuthorizedDate { get; init; }
    public string? AuthorizedDatetime { get; init; }
    public string? Name { get; init; }
    public string? MerchantName { get; init; }
    public string? MerchantEntityId { get; init; }
    public bool Pending { get; init; }
    public string? PendingTransactionId { get; init; }
    public string? PaymentChannel { get; init; }
    public IReadOnlyList<string>? Category { get; init; }
    public PlaidPersonalFinanceCategory? PersonalFinanceCategory { get; init; }
    public IReadOnlyList<PlaidCounterparty>? Counterparties { get; init; }
    public PlaidLocation? Location { get; init; }
}

/// <summary>Plaid's personal_finance_category (primary and detailed, kept as strings).</summary>
public sealed record PlaidPersonalFinanceCategory(string? Primary, string? Detailed, string? ConfidenceLevel);

/// <summary>A counterparty (merchant, marketplace, ...) Plaid attached to a transaction.</summary>
public sealed record PlaidCounterparty(string? Name, string? Type, string? EntityId, string? ConfidenceLevel);

/// <summary>Where a transaction took place (the merchant's location).</summary>
public sealed record PlaidLocation
{
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
}

/// <summary>An entry of /transactions/sync's removed list.</summary>
public sealed record PlaidRemovedTransaction(string? TransactionId, string? AccountId);
