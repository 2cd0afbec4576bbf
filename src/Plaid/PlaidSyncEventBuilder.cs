using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Ingestion.Plaid;
using StreamGuard.Core.Model;

namespace StreamGuard.Plaid;

/// <summary>
/// Turns the pages of one sync round into events. Per page: removals, then additions, then
/// modifications. A posted transaction that replaces a pending one carries PendingTransactionId;
/// when Plaid did not list the pending id in this round's removed (it normally does), a Removed
/// event for it is emitted just before the posted one, so downstream drops the pending amount and
/// counts the money once.
/// </summary>
public static class PlaidSyncEventBuilder
{
    private const string NullEntry = "the entry is JSON null";

    public static (List<TransactionEvent> Events, List<DeadLetter> DeadLetters, int PendingSuperseded) Build(
        string itemId, IReadOnlyList<TransactionsSyncResponse> pages, DateTimeOffset observedAt) => Build(itemId, null, pages, observedAt);

    /// <summary>The round's events, each of the customer <paramref name="personId"/> (the linking user) or, without one, of the Item.</summary>
    public static (List<TransactionEvent> Events, List<DeadLetter> DeadLetters, int PendingSuperseded) Build(
        string itemId, string? personId, IReadOnlyList<TransactionsSyncResponse> pages, DateTimeOffset observedAt)
    {
        var removedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (TransactionsSyncResponse page in pages)
        {
            foreach (PlaidRemovedTransaction removed in page.Removed)
            {
                if (removed?.TransactionId is { } id)
                {
                    removedIds.Add(id);
                }
            }
        }

        var events = new List<TransactionEvent>();
        var deadLetters = new List<DeadLetter>();
        int superseded = 0;
        string origin = "plaid:item:" + itemId;
        string? problem = null;
        for (int p = 0; p < pages.Count; p++)
        {
            TransactionsSyncResponse page = pages[p];
            for (int i = 0; i < page.Removed.Count; i++)
            {
                PlaidRemovedTransaction? removed = page.Removed[i];
                TransactionEvent? mapped = removed is null ? null : PlaidTransactionMapper.TryMapRemoved(removed, observedAt, out problem);
                Collect(mapped, removed is null ? NullEntry : problem, Position(p, "removed", i), removed is null ? "null" : JsonSerializer.Serialize(removed, PlaidJsonContext.Default.PlaidRemovedTransaction));
            }

            for (int i = 0; i < page.Added.Count; i++)
            {
                PlaidTransaction? added = page.Added[i];
                TransactionEvent? mapped = added is null ? null : PlaidTransactionMapper.TryMap(added, ChangeKind.Added, out problem);
                if (mapped is { Pending: false, PendingTransactionId: { Length: > 0 } pendingId } && removedIds.Add(pendingId))
                {
                    events.Add(mapped with
                    {
                        TransactionId = pendingId,
                        Change = ChangeKind.Removed,
                        EventTime = observedAt,
                        Amount = 0m,
                        Merchant = "",
                        SourceCategory = null,
                        Pending = true,
                        PendingTransactionId = null,
                        MerchantLocation = null,
                    });
                    superseded++;
                }

                Collect(mapped, added is null ? NullEntry : problem, Position(p, "added", i), Payload(added));
            }

            for (int i = 0; i < page.Modified.Count; i++)
            {
                PlaidTransaction? modified = page.Modified[i];
                TransactionEvent? mapped = modified is null ? null : PlaidTransactionMapper.TryMap(modified, ChangeKind.Modified, out problem);
                Collect(mapped, modified is null ? NullEntry : problem, Position(p, "modified", i), Payload(modified));
            }
        }

        // One Item is one person's: all its accounts (and their removals) make one customer, the same customer
        // as the person's other Items when the linking user's id is known.
        CustomerIdentity person = PlaidTransactionMapper.PersonOf(itemId, personId);
        for (int i = 0; i < events.Count; i++)
        {
            events[i] = events[i] with { Customer = person };
        }

        return (events, deadLetters, superseded);

        void Collect(TransactionEvent? mapped, string? problem, string position, string payload)
        {
            if (mapped is not null)
            {
                events.Add(mapped);
            }
            else
            {
                deadLetters.Add(new DeadLetter(origin, position, "read", problem ?? "not mappable", payload));
            }
        }
    }

    private static string Payload(PlaidTransaction? transaction) =>
        transaction is null ? "null" : JsonSerializer.Serialize(transaction, PlaidJsonContext.Default.PlaidTransaction);

    private static string Position(int page, string list, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"sync page {page + 1} {list}[{index}]");
}
