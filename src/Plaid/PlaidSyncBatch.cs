using StreamGuard.Core.Model;

namespace StreamGuard.Plaid;

/// <summary>
/// One complete /transactions/sync round of an item: its events in Plaid's order, the entries
/// that could not be mapped, and the cursor that covers exactly these changes.
/// </summary>
public sealed record PlaidSyncBatch(
    string ItemId,
    string? PreviousCursor,
    string NextCursor,
    IReadOnlyList<TransactionEvent> Events,
    IReadOnlyList<DeadLetter> DeadLetters);
