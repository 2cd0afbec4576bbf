using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Aws.Tests.Workers;

public sealed class AwsWorkerOptionsValidatorTests
{
    private static AwsWorkerOptions Valid() => new() { StreamName = "transactions", Sinks = { ArchiveBucket = "streamguard-archive" } };

    [Fact]
    public void Validate_Defaults_WithStreamAndBucket_Succeeds()
    {
        Assert.False(new AwsWorkerOptionsValidator().Validate(null, Valid()).Failed);
    }

    [Fact]
    public void Validate_EverythingWrong_NamesEachSetting()
    {
        AwsWorkerOptions options = Valid();
        options.StreamName = "";
        options.Sinks.ArchiveBucket = "Bad_Bucket";
        options.Sinks.AggregatesTable = "x";
        options.Sinks.AlertTopicArn = "not-an-arn";
        options.Sinks.CustomerCounterBuckets = 0;
        options.Leases.LeaseDuration = TimeSpan.FromSeconds(4);
        options.Leases.RenewInterval = TimeSpan.FromSeconds(3);

        IEnumerable<string> failures = new AwsWorkerOptionsValidator().Validate(null, options).Failures!;

        string all = string.Join('\n', failures);
        Assert.Contains("StreamGuard:Aws:StreamName", all, StringComparison.Ordinal);
        Assert.Contains("StreamGuard:Aws:Sinks:ArchiveBucket", all, StringComparison.Ordinal);
        Assert.Contains("StreamGuard:Aws:Sinks:AggregatesTable", all, StringComparison.Ordinal);
        Assert.Contains("StreamGuard:Aws:Sinks:AlertTopicArn", all, StringComparison.Ordinal);
        Assert.Contains("StreamGuard:Aws:Sinks:CustomerCounterBuckets", all, StringComparison.Ordinal);
        Assert.Contains("StreamGuard:Aws:Leases:RenewInterval", all, StringComparison.Ordinal);
        Assert.Equal(6, failures.Count());
    }

    [Fact]
    public void RequirePseudonymKey_NoKeyConfigured_RefusesNamingBothPlaces()
    {
        var options = new StreamGuardOptions();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => AwsWorker.RequirePseudonymKey(options));

        Assert.Contains("StreamGuard:Privacy:PseudonymKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("STREAMGUARD_PSEUDONYM_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequirePseudonymKey_ConfiguredKey_IsUsed()
    {
        var options = new StreamGuardOptions();
        options.Privacy.PseudonymKey = Convert.ToBase64String(new byte[32]);

        Assert.Equal("configuration", AwsWorker.RequirePseudonymKey(options).Origin);
    }
}
