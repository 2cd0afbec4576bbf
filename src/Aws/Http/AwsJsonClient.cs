using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace StreamGuard.Aws.Http;

/// <summary>The AWS JSON 1.1 protocol: POST / with X-Amz-Target <c>Prefix.Operation</c> and a JSON body.</summary>
internal sealed class AwsJsonClient
{
    private const string ContentType = "application/x-amz-json-1.1";
    private static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    private readonly AwsHttpTransport _transport;
    private readonly string _targetPrefix;

    public AwsJsonClient(AwsClientContext context, AwsService service, string signingName, string targetPrefix)
    {
        _transport = new AwsHttpTransport(context, service, signingName, xmlErrors: false);
        _targetPrefix = targetPrefix;
    }

    public Uri Endpoint => _transport.Endpoint;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        byte[] payload = await _transport.PostAsync(operation, body, ContentType, _targetPrefix + "." + operation, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(payload.Length == 0 ? s_emptyObject : payload, responseType)
            ?? throw new AwsServiceException($"{_transport.ServiceName} {operation} answered 'null'.");
    }

    /// <summary>For operations whose success answer is empty.</summary>
    public async Task InvokeAsync<TRequest>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        await _transport.PostAsync(operation, body, ContentType, _targetPrefix + "." + operation, cancellationToken).ConfigureAwait(false);
    }
}
