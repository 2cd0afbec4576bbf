using Amazon.Runtime;

namespace StreamGuard.Aws.Http;

/// <summary>An AWSSDK <see cref="HttpClientFactory"/> whose clients count their requests (<see cref="AwsRequestCountingHandler"/>), so SDK calls land in the same meter as the thin clients'.</summary>
public sealed class CountingHttpClientFactory(AwsClientMetrics metrics, string service) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        // Redirects are the SDK's to handle (S3 answers 301/307 with a region hint), as with its own handler.
        var sockets = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = clientConfig.MaxConnectionsPerServer ?? 64 };
        return new HttpClient(new AwsRequestCountingHandler(metrics, service, sockets))
        {
            Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100),
        };
    }

    // Cached per SDK client (null unique string) and disposed with it.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
