using System.Text.Json.Nodes;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>
/// An item on the fake Plaid server: an ordered change log (what /transactions/sync pages through)
/// and a version that every change bumps, so a cursor handed out mid-pagination goes stale when
/// the data changes, as Plaid documents for TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION.
/// </summary>
internal sealed class FakePlaidItem
{
    private readonly Lock _lock = new();
    private readonly List<(string List, JsonObject Entry)> _log = [];

    public FakePlaidItem(string itemId, string accessToken)
    {
        ItemId = itemId;
        AccessToken = accessToken;
    }

    public string ItemId { get; }

    public string AccessToken { get; }

    public int Version { get; private set; }

    public int RefreshCount { get; set; }

    /// <summary>Called after each sync page is served, with the count of pages served so far (from 1).</summary>
    public Action<FakePlaidItem, int>? AfterSyncPage { get; set; }

    public int SyncPagesServed { get; set; }

    /// <summary>When set, an added transaction pointing at a pending one is NOT followed by that pending id in removed.</summary>
    public bool OmitSupersededPendingFromRemoved { get; set; }

    public FakePlaidItem Add(JsonObject transaction)
    {
        lock (_lock)
        {
            _log.Add(("added", transaction));
            if (!OmitSupersededPendingFromRemoved && transaction["pending_transaction_id"]?.GetValue<string>() is { } pendingId)
            {
                // Plaid reports a pending transaction that posted as removed, next to the posted one.
                _log.Add(("removed", new JsonObject { ["transaction_id"] = pendingId, ["account_id"] = transaction["account_id"]!.GetValue<string>() }));
            }

            Version++;
        }

        return this;
    }

    public FakePlaidItem Modify(JsonObject transaction)
    {
        lock (_lock)
        {
            _log.Add(("modified", transaction));
            Version++;
        }

        return this;
    }

    public FakePlaidItem Remove(string transactionId, string accountId)
    {
        lock (_lock)
        {
            _log.Add(("removed", new JsonObject { ["transaction_id"] = transactionId, ["account_id"] = accountId }));
            Version++;
        }

        return this;
    }

    public (List<(string List, JsonObject Entry)> Entries, int Version, int Total) Snapshot(int from, int count)
    {
        lock (_lock)
        {
            return (_log.Skip(from).Take(count).Select(e => (e.List, (JsonObject)e.Entry.DeepClone())).ToList(), Version, _log.Count);
        }
    }

    /// <summary>The item's current transactions (the log applied), for /transactions/get.</summary>
    public List<JsonObject> CurrentTransactions()
    {
        lock (_lock)
        {
            var current = new Dictionary<string, JsonObject>();
            var order = new List<string>();
            foreach ((string list, JsonObject entry) in _log)
            {
                string id = entry["transaction_id"]!.GetValue<string>();
                if (list == "removed")
                {
                    current.Remove(id);
                    continue;
                }

                if (!current.ContainsKey(id))
                {
                    order.Add(id);
                }

                current[id] = entry;
            }

            return order.Where(current.ContainsKey).Select(id => (JsonObject)current[id].DeepClone()).ToList();
        }
    }

    public static JsonObject Transaction(string id, string accountId, decimal amount, string date, bool pending = false, string? pendingTransactionId = null, string merchant = "Corner Shop") => new()
    {
        ["transaction_id"] = id,
        ["account_id"] = accountId,
        ["amount"] = amount,
        ["iso_currency_code"] = "USD",
        ["unofficial_currency_code"] = null,
        ["date"] = date,
        ["datetime"] = null,
        ["authorized_date"] = date,
        ["name"] = "POS " + merchant.ToUpperInvariant(),
        ["merchant_name"] = merchant,
        ["pending"] = pending,
        ["pending_transaction_id"] = pendingTransactionId,
        ["payment_channel"] = "in store",
        ["personal_finance_category"] = new JsonObject { ["primary"] = "FOOD_AND_DRINK", ["detailed"] = "FOOD_AND_DRINK_GROCERIES", ["confidence_level"] = "HIGH" },
        ["location"] = new JsonObject { ["city"] = "Poway", ["region"] = "CA", ["lat"] = 32.959068, ["lon"] = -117.037666 },
    };
}
