using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using StreamGuard.Aws.Http;
using StreamGuard.Aws.Signing;
using StreamGuard.Core.Settings;

namespace StreamGuard.Aws;

/// <summary>What every thin AWS client shares: validated options, region, the credential chain, endpoints, clock and one HttpClient.</summary>
public sealed class AwsClientContext : IDisposable
{
    private readonly bool _ownsHttp;

    /// <summary>Builds a context from explicit parts (tests pass fixed credentials and a local handler).</summary>
    public AwsClientContext(AwsOptions options, AWSCredentials credentials, string region, TimeProvider? time = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        Options = options;
        Credentials = credentials;
        Region = region;
        Time = time ?? TimeProvider.System;
        _ownsHttp = http is null;
        // Per-attempt timeouts come from AwsOptions.RequestTimeout; a caller's own HttpClient keeps its settings.
        Http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64 })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public AwsOptions Options { get; }

    public AWSCredentials Credentials { get; }

    public string Region { get; }

    public TimeProvider Time { get; }

    public HttpClient Http { get; }

    /// <summary>Where the clients count their calls; the host's instance (built from its IMeterFactory) when composed with DI.</summary>
    public AwsClientMetrics Metrics { get; init; } = AwsClientMetrics.Shared;

    /// <summary>
    /// Validates the options, takes the region from them or the SDK's fallback chain, and credentials from the
    /// default AWS chain (environment, web identity, profile, container, instance metadata). Nothing is logged.
    /// </summary>
    public static AwsClientContext FromOptions(AwsOptions options, TimeProvider? time = null)
    {
        OptionsChecks.ThrowIfInvalid(AwsOptionsValidator.Validate(options), "Invalid AWS settings:");
        string region = options.Region
            ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new ArgumentException($"{AwsOptionsValidator.SectionName}:Region is not set and no region was found in AWS_REGION, AWS_DEFAULT_REGION or the AWS profile.", nameof(options));
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException e)
        {
            throw new InvalidOperationException(
                "No AWS credentials found in the AWS credential chain: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, " +
                "a web identity token, or run with an IAM role (use dummy keys for the local emulators).",
                e);
        }

        return new AwsClientContext(options, credentials, region, time);
    }

    /// <summary>The override URL for <paramref name="service"/>, else its public regional endpoint.</summary>
    public Uri EndpointFor(AwsService service)
    {
        string? url = AwsOptionsValidator.ServiceUrl(Options, service);
        if (url is not null)
        {
            return new Uri(url);
        }

        string prefix = service switch
        {
            AwsService.Kinesis => "kinesis",
            AwsService.DynamoDb => "dynamodb",
            AwsService.S3 => "s3",
            AwsService.Sns => "sns",
            AwsService.Sqs => "sqs",
            AwsService.Firehose => "firehose",
            AwsService.Kms => "kms",
            AwsService.SecretsManager => "secretsmanager",
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
        return new Uri($"https://{prefix}.{Region}.amazonaws.com/");
    }

    public AwsRequestSigner CreateSigner(string signingService) => new(Credentials, Region, signingService, Time);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            Http.Dispose();
        }
    }
}
