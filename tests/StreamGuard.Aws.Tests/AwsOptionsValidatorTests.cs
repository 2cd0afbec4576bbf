using StreamGuard.Core.Aws;

namespace StreamGuard.Aws.Tests;

public sealed class AwsOptionsValidatorTests
{
    [Fact]
    public void Validate_BadUrlsAndRegion_ReportsEverySettingByName()
    {
        var options = new AwsOptions { Region = "US East", KinesisServiceUrl = "localhost:4567", FirehoseServiceUrl = "ftp://x/", MaxRetryAttempts = -1 };

        IReadOnlyList<string> errors = AwsOptionsValidator.Validate(options);

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Aws:Region", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Aws:KinesisServiceUrl 'localhost:4567'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Aws:FirehoseServiceUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Aws:MaxRetryAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowIfInvalid_BadDynamoDbUrl_MessageNamesTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => AwsOptionsValidator.ThrowIfInvalid(new AwsOptions { DynamoDbServiceUrl = "not a url" }));

        Assert.Contains("Aws:DynamoDbServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(AwsOptionsValidator.Validate(new AwsOptions { Region = "eu-west-1", S3ServiceUrl = "http://127.0.0.1:4566" }));
    }

    [Fact]
    public void EndpointFor_NoOverride_UsesRegionalAwsEndpoint()
    {
        using var context = new AwsClientContext(new AwsOptions { Region = "eu-west-1" }, new Amazon.Runtime.BasicAWSCredentials("a", "b"), "eu-west-1");

        Assert.Equal(new Uri("https://kinesis.eu-west-1.amazonaws.com/"), context.EndpointFor(AwsService.Kinesis));
        Assert.Equal(new Uri("https://firehose.eu-west-1.amazonaws.com/"), context.EndpointFor(AwsService.Firehose));
    }
}
