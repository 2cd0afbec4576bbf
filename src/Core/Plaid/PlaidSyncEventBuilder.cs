using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Plaid;

/// <summary>
/// Turns the pages of one sync round into events. Per page: removals, then additions, then
/// modifications. A posted transaction that replaces a pending one carries PendingTransactionId;
/// when Plaid did not list the pending id in this round's removed (it normally does), a Removed
/// event for it is emitted just before the posted one, so downstream drops the pending amount and
/// counts the money once.
/// </summary>
public static class PlaidSyncEventBuilder
{
    public static (List<TransactionEvent> Events, List<DeadLetter> DeadLetters, int PendingSuperseded) Build(
        string itemId, IReadOnlyList<TransactionsSyncResponse> pages, DateTimeOffset observedAt)
    {
        var removedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (TransactionsSyncResponse page in pages)
        {
            foreach (PlaidRemovedTransaction removed in page.Removed)
            {
                if (removed.TransactionId is { } id)
                {
                    removedIds.Add(id);
                }
            }
        }

        var events = new List<TransactionEvent>();
        var deadLetters = new List<DeadLetter>();
        int superseded = 0;
        string origin = "plaid:item:" + itemId;
        for (int p = 0; p < pages.Count; p++)
        {
            TransactionsSyncResponse page = pages[p];
            for (int i = 0; i < page.Removed.Count; i++)
            {
                TransactionEvent? mapped = PlaidTransactionMapper.TryMapRemoved(page.Removed[i], observedAt, out string? problem);
                Collect(mapped, problem, Position(p, "removed", i), JsonSerializer.Serialize(page.Removed[i], PlaidJsonContext.Default.PlaidRemovedTransaction));
            }

            for (int i = 0; i < page.Added.Count; i++)
            {
                PlaidTransaction added = page.Added[i];
                TransactionEvent? mapped = PlaidTransactionMapper.TryMap(added, ChangeKind.Added, out string? problem);
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

                Collect(mapped, problem, Position(p, "added", i), JsonSerializer.Serialize(added, PlaidJsonContext.Default.PlaidTransaction));
            }

            for (int i = 0; i < page.Modified.Count; i++)
            {
                TransactionEvent? mapped = PlaidTransactionMapper.TryMap(page.Modified[i], ChangeKind.Modified, out string? problem);
                Collect(mapped, problem, Position(p, "modified", i), JsonSerializer.Serialize(page.Modified[i], PlaidJsonContext.Default.PlaidTransaction));
            }
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

    private static string Position(int page, string list, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"sync page {page + 1} {list}[{index}]");
}
