using Amazon.Runtime;
using StreamGuard.Aws;

namespace StreamGuard.Aws.Tests.Support;

/// <summary>Client contexts with fixed test credentials aimed at a local server.</summary>
public static class TestContexts
{
    public static AwsClientContext For(Uri url, int maxRetries = 3) => new(
        new AwsOptions
        {
            Region = "us-east-1",
            KinesisServiceUrl = url.ToString(),
            FirehoseServiceUrl = url.ToString(),
            SnsServiceUrl = url.ToString(),
            KmsServiceUrl = url.ToString(),
            SecretsManagerServiceUrl = url.ToString(),
            MaxRetryAttempts = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(10),
        },
        new BasicAWSCredentials("AKIDLOCALTEST", "local-test-secret"),
        "us-east-1");
}
