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
/// Shared with StreamGuard.Aws.Tests (compiled in there as a linked file).
/// </summary>
internal sealed partial class FakePlaidServer : IAsyncDisposable
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
        AddWebhookKey();
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

        DisposeWebhookKeys();
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
            "/webhook_verification_key/get" => WebhookVerificationKeyGet(json),
            "/transactions/refresh" => WithItem(json, (item, _) =>
            {
                item.RefreshCount++;
                return Ok(new JsonObject());
            }),
            _ => Error(404, "INVALID_REQUEST", "UNKNOWN_ENDPOINT", $"{request.Endpoint} is not an endpoint"),
        };
    }
}
