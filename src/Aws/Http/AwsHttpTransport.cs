using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using StreamGuard.Aws.Signing;

namespace StreamGuard.Aws.Http;

/// <summary>Sends one signed POST per attempt and retries throttling, 5xx, timeouts and transport failures with jittered exponential backoff.</summary>
internal sealed class AwsHttpTransport
{
    private readonly AwsClientContext _context;
    private readonly Uri _endpoint;
    private readonly AwsRequestSigner _signer;
    private readonly ResiliencePipeline _retry;
    private readonly bool _xmlErrors;

    public AwsHttpTransport(AwsClientContext context, AwsService service, string signingName, bool xmlErrors)
    {
        _context = context;
        _endpoint = context.EndpointFor(service);
        _signer = context.CreateSigner(signingName);
        _xmlErrors = xmlErrors;
        ServiceName = signingName;
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<AwsServiceException>(e => e.IsRetryable)
                .Handle<HttpRequestException>()
                .Handle<TimeoutException>(),
            MaxRetryAttempts = Math.Max(context.Options.MaxRetryAttempts, 0),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = context.Options.RetryBaseDelay,
            MaxDelay = context.Options.RetryMaxDelay,
            OnRetry = args =>
            {
                _context.Metrics.Retry(ServiceName, args.Context.OperationKey ?? "?", Reason(args.Outcome.Exception));
                return default;
            },
        };
        _retry = context.Options.MaxRetryAttempts > 0
            ? new ResiliencePipelineBuilder { TimeProvider = context.Time }.AddRetry(retry).Build()
            : ResiliencePipeline.Empty;
    }

    public string ServiceName { get; }

    public Uri Endpoint => _endpoint;

    /// <summary>Posts <paramref name="body"/> to the service endpoint and returns the success body.</summary>
    public async Task<byte[]> PostAsync(string operation, byte[] body, string contentType, string? amzTarget, CancellationToken cancellationToken)
    {
        ResilienceContext resilience = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _retry.ExecuteAsync(
                static (ctx, state) => new ValueTask<byte[]>(state.Transport.AttemptAsync(state.Operation, state.Body, state.ContentType, state.Target, ctx.CancellationToken)),
                resilience,
                (Transport: this, Operation: operation, Body: body, ContentType: contentType, Target: amzTarget)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _context.Metrics.Failure(ServiceName, operation, Reason(e));
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async Task<byte[]> AttemptAsync(string operation, byte[] body, string contentType, string? amzTarget, CancellationToken cancellationToken)
    {
        _context.Metrics.Attempt(ServiceName, operation);
        using var timeout = new CancellationTokenSource(_context.Options.RequestTimeout, _context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (amzTarget is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", amzTarget);
        }

        try
        {
            await _signer.SignAsync(request, body, linked.Token).ConfigureAwait(false);
            using HttpResponseMessage response = await _context.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            byte[] payload = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return payload;
            }

            string? requestId = First(response.Headers, "x-amzn-RequestId") ?? First(response.Headers, "x-amz-request-id");
            throw _xmlErrors
                ? AwsErrorParser.FromXml(ServiceName, response.StatusCode, payload, requestId)
                : AwsErrorParser.FromJson(ServiceName, response.StatusCode, payload, First(response.Headers, "x-amzn-ErrorType"), requestId);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{ServiceName} {operation} got no answer within {_context.Options.RequestTimeout.TotalSeconds:0.#} s.");
        }
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static string Reason(Exception? e) => e switch
    {
        AwsServiceException aws => aws.ErrorCode,
        null => "none",
        _ => e.GetType().Name,
    };
}
