using System.ComponentModel.DataAnnotations;

namespace StreamGuard.Aws;

/// <summary>Where and how StreamGuard talks to AWS. Credentials are never set here: they come from the AWS chain.</summary>
public sealed class AwsOptions
{
    /// <summary>AWS region; when null, the SDK's fallback (AWS_REGION, profile) decides.</summary>
    [MinLength(1, ErrorMessage = "Aws:Region is empty: leave it unset to use AWS_REGION or the AWS profile, or name a region such as 'us-east-1'.")]
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "Aws:Region is not a region name such as 'us-east-1'.")]
    public string? Region { get; set; }

    /// <summary>Overrides the Kinesis endpoint (ServiceURL-style), e.g. a local kinesalite.</summary>
    public string? KinesisServiceUrl { get; set; }

    public string? DynamoDbServiceUrl { get; set; }

    public string? S3ServiceUrl { get; set; }

    public string? SnsServiceUrl { get; set; }

    public string? SqsServiceUrl { get; set; }

    public string? FirehoseServiceUrl { get; set; }

    /// <summary>Overrides the KMS endpoint (the privacy keys' data-key decryption).</summary>
    public string? KmsServiceUrl { get; set; }

    /// <summary>Overrides the Secrets Manager endpoint (the privacy keys' secrets).</summary>
    public string? SecretsManagerServiceUrl { get; set; }

    /// <summary>Retries of a throttled, 5xx or failed-to-connect request before it surfaces.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
