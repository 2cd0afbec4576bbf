using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace StreamGuard.Plaid;

/// <summary>
/// A thin typed Plaid client: one method per endpoint, credentials added to every body, 429 / 5xx /
/// network failures retried through a Polly pipeline with jittered backoff, and errors returned as <see cref="PlaidError"/>.
/// </summary>
public sealed partial class PlaidClient
{
    public const string ApiVersion = "2020-09-14";

    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpClient _http;
    private readonly PlaidOptions _options;
    private readonly ILogger<PlaidClient> _logger;
    private readonly TimeProvider _time;
    private readonly PlaidMetrics _metrics;
    private readonly ResiliencePipeline<PlaidAttempt> _retry;

    public PlaidClient(HttpClient http, IOptions<PlaidOptions> options, ILogger<PlaidClient> logger, TimeProvider time, PlaidMetrics? metrics = null)
    {
        _metrics = metrics ?? PlaidMetrics.Shared;
        _http = http;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _http.BaseAddress ??= _options.ResolveBaseUrl();
        _retry = BuildRetryPipeline();
    }

    public Task<PlaidResult<LinkTokenCreateResponse>> CreateLinkTokenAsync(LinkTokenCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync("link/token/create", request, PlaidJsonContext.Default.LinkTokenCreateRequest, PlaidJsonContext.Default.LinkTokenCreateResponse, cancellationToken);

    public Task<PlaidResult<SandboxPublicTokenCreateResponse>> CreateSandboxPublicTokenAsync(SandboxPublicTokenCreateRequest request, CancellationToken cancellationToken) =>
        PostAsync("sandbox/public_token/create", request, PlaidJsonContext.Default.SandboxPublicTokenCreateRequest, PlaidJsonContext.Default.SandboxPublicTokenCreateResponse, cancellationToken);

    public Task<PlaidResult<ItemPublicTokenExchangeResponse>> ExchangePublicTokenAsync(ItemPublicTokenExchangeRequest request, CancellationToken cancellationToken) =>
        PostAsync("item/public_token/exchange", request, PlaidJsonContext.Default.ItemPublicTokenExchangeRequest, PlaidJsonContext.Default.ItemPublicTokenExchangeResponse, cancellationToken);

    public Task<PlaidResult<TransactionsSyncResponse>> SyncTransactionsAsync(TransactionsSyncRequest request, CancellationToken cancellationToken) =>
        PostAsync("transactions/sync", request, PlaidJsonContext.Default.TransactionsSyncRequest, PlaidJsonContext.Default.TransactionsSyncResponse, cancellationToken);

    public Task<PlaidResult<TransactionsGetResponse>> GetTransactionsAsync(TransactionsGetRequest request, CancellationToken cancellationToken) =>
        PostAsync("transactions/get", request, PlaidJsonContext.Default.TransactionsGetRequest, PlaidJsonContext.Default.TransactionsGetResponse, cancellationToken);

    public Task<PlaidResult<TransactionsRefreshResponse>> RefreshTransactionsAsync(TransactionsRefreshRequest request, CancellationToken cancellationToken) =>
        PostAsync("transactions/refresh", request, PlaidJsonContext.Default.TransactionsRefreshRequest, PlaidJsonContext.Default.TransactionsRefreshResponse, cancellationToken);

    public Task<PlaidResult<WebhookVerificationKeyGetResponse>> GetWebhookVerificationKeyAsync(WebhookVerificationKeyGetRequest request, CancellationToken cancellationToken) =>
        PostAsync("webhook_verification_key/get", request, PlaidJsonContext.Default.WebhookVerificationKeyGetRequest, PlaidJsonContext.Default.WebhookVerificationKeyGetResponse, cancellationToken);

    private async Task<PlaidResult<TResponse>> PostAsync<TRequest, TResponse>(
        string endpoint, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        byte[] body = BuildBody(request, requestType);
        ResilienceContext context = ResilienceContextPool.Shared.Get(endpoint, cancellationToken);
        PlaidAttempt attempt;
        try
        {
            attempt = await _retry.ExecuteAsync(
                static (ctx, state) => new ValueTask<PlaidAttempt>(state.Client.SendOnceAsync(state.Endpoint, state.Body, ctx.CancellationToken)),
                context,
                (Client: this, Endpoint: endpoint, Body: body)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (attempt.Failure is { } failure)
        {
            _metrics.Request(endpoint, "error", attempt.Milliseconds);
            PlaidError networkError = NetworkError(endpoint, failure);
            Log.CallFailed(_logger, endpoint, networkError.ErrorType, networkError.ErrorCode, 0, null);
            return PlaidResult.Failure<TResponse>(networkError);
        }

        using HttpResponseMessage response = attempt.Response!;
        if (response.IsSuccessStatusCode)
        {
            PlaidResult<TResponse> read = await ReadSuccessAsync(endpoint, response, responseType, cancellationToken).ConfigureAwait(false);
            _metrics.Request(endpoint, read.IsSuccess ? "ok" : "error", attempt.Milliseconds);
            return read;
        }

        PlaidError error = await ReadErrorAsync(endpoint, response, cancellationToken).ConfigureAwait(false);
        _metrics.Request(endpoint, "error", attempt.Milliseconds);
        Log.CallFailed(_logger, endpoint, error.ErrorType, error.ErrorCode, (int)response.StatusCode, error.RequestId);
        return PlaidResult.Failure<TResponse>(error);
    }

    /// <summary>One HTTP attempt; a network failure or timeout is returned, not thrown, so the retry pipeline sees it as an outcome.</summary>
    private async Task<PlaidAttempt> SendOnceAsync(string endpoint, byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = s_json;
        message.Headers.Add("Plaid-Version", ApiVersion);
        long started = _time.GetTimestamp();
        try
        {
            HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return new PlaidAttempt(response, null, _time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A timeout surfaces as TaskCanceledException without our token being cancelled.
            return new PlaidAttempt(null, e, _time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Plaid's documented retryable failures (429 RATE_LIMIT_EXCEEDED, 5xx API_ERROR / INSTITUTION_ERROR, no response) are
    /// retried with jittered exponential backoff on the injected clock; every other answer is final.
    /// </summary>
    private ResiliencePipeline<PlaidAttempt> BuildRetryPipeline()
    {
        if (_options.MaxRetries <= 0)
        {
            return ResiliencePipeline<PlaidAttempt>.Empty;
        }

        var retry = new RetryStrategyOptions<PlaidAttempt>
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Result is { } attempt && (attempt.Failure is not null || IsRetryable(attempt.Response!.StatusCode))),
            MaxRetryAttempts = _options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.RetryMaxDelay,
            OnRetry = args =>
            {
                PlaidAttempt attempt = args.Outcome.Result!;
                string endpoint = args.Context.OperationKey ?? "?";
                _metrics.Request(endpoint, "retry", attempt.Milliseconds);
                if (attempt.Failure is { } failure)
                {
                    Log.RetryingWithoutResponse(_logger, endpoint, NetworkError(endpoint, failure).ErrorCode!, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                }
                else
                {
                    Log.Retrying(_logger, endpoint, (int)attempt.Response!.StatusCode, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    attempt.Response.Dispose();
                }

                return default;
            },
        };
        return new ResiliencePipelineBuilder<PlaidAttempt> { TimeProvider = _time }.AddRetry(retry).Build();
    }

    private static PlaidError NetworkError(string endpoint, Exception e) => new()
    {
        ErrorType = PlaidErrorCodes.ClientNetworkErrorType,
        ErrorCode = e is TaskCanceledException ? "TIMEOUT" : "NETWORK_ERROR",
        ErrorMessage = $"no response from Plaid's {endpoint}: {e.Message}",
    };

    private byte[] BuildBody<TRequest>(TRequest request, JsonTypeInfo<TRequest> requestType)
    {
        // The credentials go into the body, not the request records, so no record ever holds the secret.
        JsonElement fields = JsonSerializer.SerializeToElement(request, requestType);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("client_id", _options.ClientId);
            writer.WriteString("secret", _options.Secret);
            foreach (JsonProperty property in fields.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task<PlaidResult<TResponse>> ReadSuccessAsync<TResponse>(
        string endpoint, HttpResponseMessage response, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        string? problem;
        try
        {
            await using Stream content = await response.Content.ReadAsStreamAsync(cancellationToken);
            TResponse? value = await JsonSerializer.DeserializeAsync(content, responseType, cancellationToken);
            if (value is not null)
            {
                return PlaidResult.Success(value);
            }

            problem = "the body is JSON null";
        }
        catch (JsonException e)
        {
            problem = e.Message;
        }

        var error = new PlaidError
        {
            ErrorType = PlaidErrorCodes.ClientInvalidResponseType,
            ErrorCode = "UNREADABLE_BODY",
            ErrorMessage = $"Plaid's {endpoint} answered {(int)response.StatusCode} with a body that is not the documented response: {problem}",
            RequestId = RequestIdOf(response),
            HttpStatus = (int)response.StatusCode,
        };
        Log.CallFailed(_logger, endpoint, error.ErrorType, error.ErrorCode, error.HttpStatus, error.RequestId);
        return PlaidResult.Failure<TResponse>(error);
    }

    private static async Task<PlaidError> ReadErrorAsync(string endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            PlaidError? parsed = JsonSerializer.Deserialize(body, PlaidJsonContext.Default.PlaidError);
            if (parsed is { ErrorType: not null } || parsed is { ErrorCode: not null })
            {
                return parsed with { HttpStatus = status, RequestId = parsed.RequestId ?? RequestIdOf(response) };
            }
        }
        catch (JsonException)
        {
            // Not Plaid's error object (a proxy's HTML page, say): described below with the status.
        }

        return new PlaidError
        {
            ErrorType = status == 429 ? PlaidErrorCodes.RateLimitExceededType : PlaidErrorCodes.ClientInvalidResponseType,
            ErrorCode = "HTTP_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ErrorMessage = $"Plaid's {endpoint} answered {status} {response.ReasonPhrase} without a Plaid error object.",
            RequestId = RequestIdOf(response),
            HttpStatus = status,
        };
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
