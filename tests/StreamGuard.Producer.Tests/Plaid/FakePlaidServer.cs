using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>
/// A local HTTP server on a free 127.0.0.1 port that behaves as Plaid documents for the endpoints
/// StreamGuard calls. It checks every request (POST, JSON content type, Plaid-Version, client_id,
/// secret, access_token, count) the way Plaid would, answering Plaid's error objects otherwise,
/// and records every request for the tests to inspect. Failures can be scripted per endpoint.
/// </summary>
internal sealed class FakePlaidServer : IAsyncDisposable
{
    public const string ClientId = "5f0c0ffee0ddba11c0ffee01";
    public const string Secret = "sk-test-DO-NOT-LOG-8c1e77aa90";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, FakePlaidItem> _itemsByToken = new();
    private readonly ConcurrentDictionary<string, string> _publicTokens = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _failures = new();
    private readonly Task _loop;
    private int _counter;

    private FakePlaidServer(HttpListener listener, Uri baseUrl)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<RecordedPlaidRequest> Requests { get; } = new();

    /// <summary>Runs on every item /item/public_token/exchange creates, to give it transactions.</summary>
    public Action<FakePlaidItem>? SeedNewItem { get; set; }

    public static FakePlaidServer Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            var url = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(url.AbsoluteUri);
            try
            {
                listener.Start();
                return new FakePlaidServer(listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public FakePlaidItem AddItem(string? itemId = null)
    {
        int n = Interlocked.Increment(ref _counter);
        var item = new FakePlaidItem(itemId ?? $"item-{n}", $"access-sandbox-{Guid.NewGuid():N}");
        _itemsByToken[item.AccessToken] = item;
        return item;
    }

    public IEnumerable<FakePlaidItem> Items => _itemsByToken.Values;

    /// <summary>The next <paramref name="times"/> calls of <paramref name="endpoint"/> get this Plaid error.</summary>
    public void FailNext(string endpoint, int status, string errorType, string errorCode, int times = 1)
    {
        ConcurrentQueue<(int, string)> queue = _failures.GetOrAdd(endpoint, _ => new());
        for (int i = 0; i < times; i++)
        {
            queue.Enqueue((status, ErrorBody(errorType, errorCode, $"scripted {errorCode}").ToJsonString()));
        }
    }

    /// <summary>The next call of <paramref name="endpoint"/> gets a non-Plaid body (a proxy's page).</summary>
    public void FailNextWithHtml(string endpoint, int status) =>
        _failures.GetOrAdd(endpoint, _ => new()).Enqueue((status, "<html><body>Bad Gateway</body></html>"));

    public IReadOnlyList<RecordedPlaidRequest> RequestsTo(string endpoint) => Requests.Where(r => r.Endpoint == endpoint).ToList();

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the pending accept.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string endpoint = context.Request.Url!.AbsolutePath;
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var recorded = new RecordedPlaidRequest(
            endpoint,
            context.Request.HttpMethod,
            context.Request.ContentType,
            context.Request.Headers["Plaid-Version"],
            body);
        Requests.Enqueue(recorded);

        (int status, string response) = Answer(recorded);
        byte[] bytes = Encoding.UTF8.GetBytes(response);
        context.Response.StatusCode = status;
        context.Response.ContentType = response.StartsWith('<') ? "text/html" : "application/json";
        context.Response.ContentLength64 = bytes.Length;
        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away (a test finished); nothing to answer.
        }
    }

    private (int Status, string Body) Answer(RecordedPlaidRequest request)
    {
        if (request.Method != "POST" || request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            return Error(400, "INVALID_REQUEST", "INVALID_HEADERS", "requests must be POST with Content-Type application/json");
        }

        if (request.PlaidVersion != "2020-09-14")
        {
            return Error(400, "INVALID_REQUEST", "INVALID_HEADERS", "Plaid-Version must be 2020-09-14 for these tests");
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            return Error(400, "INVALID_REQUEST", "INVALID_BODY", "body is not a JSON object");
        }

        if (json["client_id"]?.GetValue<string>() != ClientId || json["secret"]?.GetValue<string>() != Secret)
        {
            return Error(400, "INVALID_INPUT", "INVALID_API_KEYS", "invalid client_id or secret provided");
        }

        if (_failures.TryGetValue(request.Endpoint, out ConcurrentQueue<(int, string)>? failures) && failures.TryDequeue(out (int Status, string Body) failure))
        {
            return failure;
        }

        return request.Endpoint switch
        {
            "/link/token/create" => LinkTokenCreate(json),
            "/sandbox/public_token/create" => SandboxPublicTokenCreate(json),
            "/item/public_token/exchange" => Exchange(json),
            "/transactions/sync" => WithItem(json, Sync),
            "/transactions/get" => WithItem(json, Get),
            "/transactions/refresh" => WithItem(json, (item, _) =>
            {
                item.RefreshCount++;
                return Ok(new JsonObject());
            }),
            _ => Error(404, "INVALID_REQUEST", "UNKNOWN_ENDPOINT", $"{request.Endpoint} is not an endpoint"),
        };
    }

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
