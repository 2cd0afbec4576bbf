using Microsoft.Extensions.Options;
using StreamGuard.Core.Replay;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Tests.Settings;

public sealed class StreamGuardOptionsValidatorTests
{
    [Fact]
    public void Load_Defaults_Succeeds() =>
        Assert.NotNull(ProcessorConfiguration.Load(ProcessorConfiguration.Build([])));

    [Theory]
    [InlineData("Pipeline:RecordsPerRead", "0", "StreamGuard:Pipeline:RecordsPerRead must be 1 to 10000")]
    [InlineData("Pipeline:IdlePollInterval", "00:01:00", "StreamGuard:Pipeline:IdlePollInterval must be between 0 and 30 seconds (got 00:01:00)")]
    [InlineData("Stream:ShardCount", "0", "StreamGuard:Stream:ShardCount must be 1 to 1024")]
    [InlineData("State:MaxRecords", "0", "StreamGuard:State:MaxRecords must be at least 1")]
    [InlineData("State:Interval", "-00:00:01", "StreamGuard:State:Interval must not be negative (got -00:00:01)")]
    [InlineData("Scoring:TreeCount", "0", "StreamGuard:Scoring:TreeCount must be in 1..200")]
    [InlineData("Insight:Budgets:HistoryMonths", "0", "StreamGuard:Insight:Budgets:HistoryMonths must be between 1 and 60")]
    [InlineData("Insight:Windows:TimeZoneId", "Mars/Base", "StreamGuard:Insight:Windows:TimeZoneId: unknown time zone 'Mars/Base'")]
    [InlineData("Insight:Categorization:MaxNGram", "9", "StreamGuard:Insight:Categorization:MinNGram/MaxNGram must satisfy")]
    public void Load_BadNestedSetting_FailsWithOneMessageStartingWithTheSetting(string setting, string value, string message)
    {
        var configuration = ProcessorConfiguration.Build([new($"StreamGuard:{setting}", value)]);

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => ProcessorConfiguration.Load(configuration));

        Assert.Contains(e.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BadSettingsInEverySection_ReportsEachOnceNamedInFull()
    {
        var configuration = ProcessorConfiguration.Build(
        [
            new("StreamGuard:DataDir", " "),
            new("StreamGuard:Stream:ShardCount", "0"),
            new("StreamGuard:Pipeline:ChannelCapacity", "0"),
            new("StreamGuard:Privacy:HomeCellDegrees", "0"),
            new("StreamGuard:Privacy:Differential:Epsilon", "0"),
            new("StreamGuard:State:MaxRecords", "0"),
            new("StreamGuard:Insight:Windows:ExpectedShards", "0"),
            new("StreamGuard:Scoring:TreeCount", "0"),
        ]);

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => ProcessorConfiguration.Load(configuration));

        string[] settings = ["DataDir", "Stream:ShardCount", "Pipeline:ChannelCapacity", "Privacy:HomeCellDegrees", "Privacy:Differential:Epsilon", "State:MaxRecords", "Insight:Windows:ExpectedShards", "Scoring:TreeCount"];
        Assert.True(settings.Length == e.Failures.Count(), string.Join(" | ", e.Failures));
        foreach (string setting in settings)
        {
            Assert.Single(e.Failures, f => f.StartsWith($"StreamGuard:{setting} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_AwsWorkerSettingsWrong_EachMessageNamesItsFullSetting()
    {
        var options = new AwsWorkerOptions { StreamName = "bad name!", ShardCount = 0 };
        options.Leases.WorkerId = " ";
        options.Sinks.ArchiveBucket = "Bad_Bucket";
        options.Sinks.ArchivePrefix = "/archive";

        string[] failures = [.. new AwsWorkerOptionsValidator().Validate(null, options).Failures!];

        Assert.Equal(5, failures.Length);
        Assert.Contains(failures, f => f.EndsWith("StreamGuard:Aws:StreamName must be 1-128 letters, digits, '_', '.' or '-'.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("StreamGuard:Aws:ShardCount must be 1 to 500.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("StreamGuard:Aws:Leases:WorkerId must be 1-256 characters.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("StreamGuard:Aws:Sinks:ArchiveBucket must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("StreamGuard:Aws:Sinks:ArchivePrefix must be empty or end with '/' and not start with one.", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReplayFlagsWrong_NamesEachFlagWithoutMemberPrefix()
    {
        string[] errors = [.. new ReplayOptions { Rate = double.NaN, Speed = 2, Parallelism = 65 }.Validate()];

        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.StartsWith("--rate must be a positive number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--parallel must be 1 to 64", StringComparison.Ordinal));
        Assert.Contains("--rate and --speed exclude each other: choose one.", errors);
    }
}
