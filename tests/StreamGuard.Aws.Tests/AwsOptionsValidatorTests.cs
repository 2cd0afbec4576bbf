using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamGuard.Core;
using StreamGuard.Aws;
using StreamGuard.Core.Settings;

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
    public void FromOptions_BadDynamoDbUrl_UserErrorNamesTheSetting()
    {
        var error = Assert.Throws<UserErrorException>(() => AwsClientContext.FromOptions(new AwsOptions { Region = "eu-west-1", DynamoDbServiceUrl = "not a url" }));

        Assert.Contains("Aws:DynamoDbServiceUrl 'not a url'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public async Task AddValidatedOptions_BadSettings_HostRefusesToStartNamingEachOne()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:MaxRetryAttempts"] = "50",
            ["Aws:KinesisServiceUrl"] = "localhost:4567",
            ["Aws:RetryBaseDelay"] = "00:01:00",
        }).Build();
        using IHost host = new HostBuilder()
            .ConfigureServices(services => services.AddValidatedOptions<AwsOptions, AwsOptionsValidator, AwsOptionsRules>(configuration.GetSection(AwsOptionsValidator.SectionName)))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        // The generated validator names the member; the rules name the setting with its section.
        Assert.Contains(error.Failures, f => f.StartsWith("MaxRetryAttempts:", StringComparison.Ordinal) && f.Contains("between 0 and 20", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Aws:KinesisServiceUrl 'localhost:4567'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Aws:RetryBaseDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyRegion_Refused()
    {
        Assert.Contains(AwsOptionsValidator.Validate(new AwsOptions { Region = "" }), e => e.StartsWith("Aws:Region", StringComparison.Ordinal));
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
