using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StreamGuard.Plaid.Sync;

/// <summary>
/// A minimal webhook endpoint on 127.0.0.1: Plaid's TRANSACTIONS / SYNC_UPDATES_AVAILABLE asks for a
/// sync of its item. Every request must carry Plaid's signed Plaid-Verification JWT over its exact
/// body; anything else is answered 401, logged with the reason, and triggers nothing.
/// </summary>
internal sealed partial class PlaidWebhookListener : IAsyncDisposable
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxDrainBytes = 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly PlaidSyncTrigger _trigger;
    private readonly PlaidWebhookVerifier _verifier;
    private readonly ILogger<PlaidWebhookListener> _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public PlaidWebhookListener(int port, PlaidSyncTrigger trigger, PlaidWebhookVerifier verifier, ILogger<PlaidWebhookListener> logger)
    {
        _verifier = verifier;
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _trigger = trigger;
        _logger = logger;
    }

    public Uri Url { get; }

    public void Start()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
        Log.Listening(_logger, Url);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener was closed under the pending accept: that is how the loop ends.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                Log.HandlingFailed(_logger, e.Message);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            await AnswerAsync(context.Request, response);
        }
        finally
        {
            // Close, not Dispose: on Linux Dispose aborts the connection, breaking the sender's keep-alive.
            response.Close();
        }
    }

    private async Task AnswerAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        if (request.HttpMethod != "POST")
        {
            await RespondAsync(response, HttpStatusCode.MethodNotAllowed, "{\"error\":\"POST a Plaid webhook here\"}");
            return;
        }

        byte[]? body = await ReadBodyAsync(request.InputStream, _stop.Token);
        if (body is null)
        {
            await RespondAsync(response, HttpStatusCode.RequestEntityTooLarge, "{\"error\":\"body too large\"}");
            return;
        }

        // Verified before parsing: an unsigned body is not even looked at.
        PlaidWebhookVerification verification = await _verifier.VerifyAsync(request.Headers[PlaidWebhookVerifier.HeaderName], body, _stop.Token);
        if (!verification.IsVerified)
        {
            Log.Unverified(_logger, verification.Failure);
            await RespondAsync(response, HttpStatusCode.Unauthorized, "{\"error\":\"the Plaid-Verification signature is missing or invalid\"}");
            return;
        }

        PlaidWebhook? webhook;
        try
        {
            webhook = JsonSerializer.Deserialize(body, PlaidJsonContext.Default.PlaidWebhook);
        }
        catch (JsonException)
        {
            webhook = null;
        }

        if (webhook is null)
        {
            Log.Rejected(_logger);
            await RespondAsync(response, HttpStatusCode.BadRequest, "{\"error\":\"the body is not a Plaid webhook JSON object\"}");
            return;
        }

        if (webhook.IsSyncUpdatesAvailable)
        {
            Log.SyncRequested(_logger, webhook.ItemId);
            _trigger.Request(webhook.ItemId);
        }
        else
        {
            Log.Ignored(_logger, webhook.WebhookType, webhook.WebhookCode);
        }

        // 200 for every well-formed webhook: Plaid retries non-2xx answers, and an ignored type needs no retry.
        await RespondAsync(response, HttpStatusCode.OK, webhook.IsSyncUpdatesAvailable ? "{\"sync\":\"scheduled\"}" : "{\"sync\":\"ignored\"}");
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream input, CancellationToken cancellationToken)
    {
        // Read at most one byte past the limit, so a chunked body without a length cannot grow memory.
        byte[] buffer = new byte[MaxBodyBytes + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        if (total <= MaxBodyBytes)
        {
            return buffer[..total];
        }

        // Drain a little more so the sender reads our 413 rather than a reset connection; past that, give up on it.
        long drained = 0;
        while (drained < MaxDrainBytes && (read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            drained += read;
        }

        return null;
    }

    private static async Task RespondAsync(HttpListenerResponse response, HttpStatusCode status, string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Plaid webhook endpoint listening on {Url}")]
        public static partial void Listening(ILogger logger, Uri url);

        [LoggerMessage(EventId = 7302, Level = LogLevel.Information, Message = "Plaid webhook SYNC_UPDATES_AVAILABLE for item {ItemId}: sync scheduled")]
        public static partial void SyncRequested(ILogger logger, string? itemId);

        [LoggerMessage(EventId = 7303, Level = LogLevel.Debug, Message = "Plaid webhook {WebhookType}/{WebhookCode} ignored")]
        public static partial void Ignored(ILogger logger, string? webhookType, string? webhookCode);

        [LoggerMessage(EventId = 7304, Level = LogLevel.Warning, Message = "Plaid webhook rejected: the body is not a webhook JSON object")]
        public static partial void Rejected(ILogger logger);

        [LoggerMessage(EventId = 7305, Level = LogLevel.Warning, Message = "Plaid webhook request failed: {Message}")]
        public static partial void HandlingFailed(ILogger logger, string message);

        [LoggerMessage(EventId = 7306, Level = LogLevel.Warning, Message = "Plaid webhook rejected with 401: {Reason}")]
        public static partial void Unverified(ILogger logger, string? reason);
    }
}
