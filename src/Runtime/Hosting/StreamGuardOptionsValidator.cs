using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Hosting;

/// <summary>Checks every setting at start and reports all problems at once, each naming its setting.</summary>
public sealed class StreamGuardOptionsValidator : IValidateOptions<StreamGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamGuardOptions options)
    {
        var errors = new List<string>();
        const string S = StreamGuardOptions.Section;
        errors.AddRange(options.Insight.Validate().Select(e => $"{S}:Insight:{e}"));
        errors.AddRange(options.State.Validate());
        ValidateOptionsResult scoring = new Scoring.ScoringOptionsValidator().Validate(null, options.Scoring);
        if (scoring.Failed)
        {
            errors.AddRange(scoring.Failures.Select(e => $"{S}:{e}"));
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add($"{S}:DataDir must name a folder.");
        }

        if (options.Stream.ShardCount is < 1 or > 1024)
        {
            errors.Add($"{S}:Stream:ShardCount must be 1 to 1024 (got {options.Stream.ShardCount}).");
        }

        if (options.Stream.ShardCapacity < 1_000)
        {
            errors.Add($"{S}:Stream:ShardCapacity must be at least 1000 records (got {options.Stream.ShardCapacity}).");
        }

        if (options.Pipeline.RecordsPerRead is < 1 or > 10_000)
        {
            errors.Add($"{S}:Pipeline:RecordsPerRead must be 1 to 10000, the GetRecords limit (got {options.Pipeline.RecordsPerRead}).");
        }

        if (options.Pipeline.ChannelCapacity is < 1 or > 1_000)
        {
            errors.Add($"{S}:Pipeline:ChannelCapacity must be 1 to 1000 batches (got {options.Pipeline.ChannelCapacity}).");
        }

        if (options.Pipeline.OrderedBlockSize is < 1 or > 100_000)
        {
            errors.Add($"{S}:Pipeline:OrderedBlockSize must be 1 to 100000 records (got {options.Pipeline.OrderedBlockSize}).");
        }

        if (options.Pipeline.IdlePollInterval <= TimeSpan.Zero || options.Pipeline.IdlePollInterval > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{S}:Pipeline:IdlePollInterval must be between 0 and 30 seconds (got {options.Pipeline.IdlePollInterval}).");
        }

        if (!Enum.IsDefined(options.Pipeline.InitialPosition))
        {
            errors.Add($"{S}:Pipeline:InitialPosition must be TrimHorizon or Latest (got '{options.Pipeline.InitialPosition}').");
        }

        try
        {
            Privacy.RestrictedZip3.Parse(options.Privacy.RestrictedZip3);
        }
        catch (FormatException e)
        {
            errors.Add($"{S}:Privacy:RestrictedZip3: {e.Message}");
        }

        if (options.Privacy.HomeCellDegrees is <= 0 or > 10)
        {
            errors.Add($"{S}:Privacy:HomeCellDegrees must be above 0 and at most 10 (got {options.Privacy.HomeCellDegrees}).");
        }

        if (options.Privacy.ReleaseMinClassSize is < 1 or > 1_000)
        {
            errors.Add($"{S}:Privacy:ReleaseMinClassSize must be 1 to 1000 (got {options.Privacy.ReleaseMinClassSize}).");
        }

        errors.AddRange(Privacy.Differential.DifferentialPrivacyOptionsValidator.Validate(options.Privacy.Differential, $"{S}:Privacy:Differential"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
