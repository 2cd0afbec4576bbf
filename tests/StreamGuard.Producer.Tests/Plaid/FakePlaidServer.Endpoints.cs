using System.Globalization;
using System.Text.Json.Nodes;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>The fake server's endpoints, each answering as Plaid documents it.</summary>
internal sealed partial class FakePlaidServer
{
    private static (int, string) LinkTokenCreate(JsonObject json)
    {
        if (json["user"]?["client_user_id"] is null || json["client_name"] is null || json["country_codes"] is not JsonArray || json["language"] is null)
        {
            return Error(400, "INVALID_REQUEST", "MISSING_FIELDS", "client_name, language, country_codes and user.client_user_id are required");
        }

        return Ok(new JsonObject { ["link_token"] = $"link-sandbox-{Guid.NewGuid():N}", ["expiration"] = "2030-01-01T04:00:00Z" });
    }

    private (int, string) SandboxPublicTokenCreate(JsonObject json)
    {
        if (json["institution_id"]?.GetValue<string>() is not { Length: > 0 } institution || json["initial_products"] is not JsonArray products || products.Count == 0)
        {
            return Error(400, "INVALID_REQUEST", "MISSING_FIELDS", "institution_id and initial_products are required");
        }

        string token = $"public-sandbox-{Guid.NewGuid():N}";
        _publicTokens[token] = institution;
        return Ok(new JsonObject { ["public_token"] = token });
    }

    private (int, string) Exchange(JsonObject json)
    {
        if (json["public_token"]?.GetValue<string>() is not { } token || !_publicTokens.TryRemove(token, out _))
        {
            return Error(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format or expired", "The link session expired.");
        }

        FakePlaidItem item = AddItem();
        SeedNewItem?.Invoke(item);
        return Ok(new JsonObject { ["access_token"] = item.AccessToken, ["item_id"] = item.ItemId });
    }

    private (int, string) WithItem(JsonObject json, Func<FakePlaidItem, JsonObject, (int, string)> handler) =>
        json["access_token"]?.GetValue<string>() is { } token && _itemsByToken.TryGetValue(token, out FakePlaidItem? item)
            ? handler(item, json)
            : Error(400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "provided access token is in an invalid format");

    private static (int, string) Sync(FakePlaidItem item, JsonObject json)
    {
        int count = json["count"]?.GetValue<int>() ?? 100;
        if (count is < 1 or > 500)
        {
            return Error(400, "INVALID_REQUEST", "INVALID_FIELD", "count must be between 1 and 500");
        }

        // Cursors: "done:<position>" ends a round (valid forever); "page:<version>:<position>" is mid-round
        // and goes stale once the item's data changes.
        string? cursor = json["cursor"]?.GetValue<string>();
        int position = 0;
        if (!string.IsNullOrEmpty(cursor))
        {
            string[] parts = cursor.Split(':');
            if (parts[0] == "page")
            {
                if (int.Parse(parts[1], CultureInfo.InvariantCulture) != item.Version)
                {
                    return Error(400, "TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.");
                }

                position = int.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "done")
            {
                position = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else
            {
                return Error(400, "INVALID_INPUT", "INVALID_CURSOR", "cursor is not valid");
            }
        }

        (List<(string List, JsonObject Entry)> entries, int version, int total) = item.Snapshot(position, count);
        int next = position + entries.Count;
        bool hasMore = next < total;
        var response = new JsonObject
        {
            ["accounts"] = new JsonArray(new JsonObject { ["account_id"] = "acc-1", ["name"] = "Plaid Checking", ["brand_new_account_field"] = 1 }),
            ["added"] = new JsonArray([.. entries.Where(e => e.List == "added").Select(e => (JsonNode)e.Entry)]),
            ["modified"] = new JsonArray([.. entries.Where(e => e.List == "modified").Select(e => (JsonNode)e.Entry)]),
            ["removed"] = new JsonArray([.. entries.Where(e => e.List == "removed").Select(e => (JsonNode)e.Entry)]),
            ["next_cursor"] = hasMore ? $"page:{version}:{next}" : $"done:{next}",
            ["has_more"] = hasMore,
            ["transactions_update_status"] = "HISTORICAL_UPDATE_COMPLETE",
        };
        item.SyncPagesServed++;
        item.AfterSyncPage?.Invoke(item, item.SyncPagesServed);
        return Ok(response);
    }

    private static (int, string) Get(FakePlaidItem item, JsonObject json)
    {
        if (json["start_date"]?.GetValue<string>() is not { } start || json["end_date"]?.GetValue<string>() is not { } end)
        {
            return Error(400, "INVALID_REQUEST", "MISSING_FIELDS", "start_date and end_date are required");
        }

        int count = json["options"]?["count"]?.GetValue<int>() ?? 100;
        int offset = json["options"]?["offset"]?.GetValue<int>() ?? 0;
        List<JsonObject> inRange = item.CurrentTransactions()
            .Where(t => string.CompareOrdinal(t["date"]!.GetValue<string>(), start) >= 0 && string.CompareOrdinal(t["date"]!.GetValue<string>(), end) <= 0)
            .ToList();
        return Ok(new JsonObject
        {
            ["accounts"] = new JsonArray(),
            ["transactions"] = new JsonArray([.. inRange.Skip(offset).Take(count)]),
            ["total_transactions"] = inRange.Count,
            ["item"] = new JsonObject { ["item_id"] = item.ItemId },
        });
    }

    private static (int, string) Ok(JsonObject body)
    {
        body["request_id"] = $"req-{Guid.NewGuid():N}"[..14];
        return (200, body.ToJsonString());
    }

    private static (int, string) Error(int status, string type, string code, string message, string? display = null) =>
        (status, ErrorBody(type, code, message, display, status).ToJsonString());

    private static JsonObject ErrorBody(string type, string code, string message, string? display = null, int? status = null) => new()
    {
        ["error_type"] = type,
        ["error_code"] = code,
        ["error_message"] = message,
        ["display_message"] = display,
        ["request_id"] = $"req-{Guid.NewGuid():N}"[..14],
        ["causes"] = new JsonArray(),
        ["status"] = status,
        ["documentation_url"] = "https://plaid.com/docs/errors/",
        ["suggested_action"] = null,
    };
}
