namespace StreamGuard.Plaid;

/// <summary>A linked Plaid item as stored: its access token encrypted, and the cursor of its last committed sync.</summary>
public sealed record PlaidStoredItem
{
    public required string ItemId { get; init; }

    public string? InstitutionId { get; init; }

    /// <summary>
    /// Your own id of the person who linked the item (Link's <c>client_user_id</c>), when given: every Item of one
    /// person is then one customer, the privacy unit across institutions. Null: the Item alone is the person.
    /// </summary>
    public string? PersonId { get; init; }

    /// <summary>The access token sealed by <see cref="PlaidTokenProtector"/>; never the plain token.</summary>
    public required string EncryptedAccessToken { get; init; }

    /// <summary>next_cursor of the last round whose changes were committed; null before the first.</summary>
    public string? Cursor { get; init; }

    public DateTimeOffset LinkedAt { get; init; }

    public DateTimeOffset? LastSyncedAt { get; init; }
}
