namespace StreamGuard.Plaid;

/// <summary>The JSON file <see cref="PlaidItemStore"/> keeps.</summary>
public sealed record PlaidItemStoreDocument(IReadOnlyList<PlaidStoredItem> Items);
