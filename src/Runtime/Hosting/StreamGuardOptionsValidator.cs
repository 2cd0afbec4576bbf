using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Hosting;

/// <summary>Checks every setting at start and reports all problems at once, each naming its setting.</summary>
public sealed class StreamGuardOptionsValidator : IValidateOptions<StreamGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamGuardOptions options)
    {
        var errors = new List<string>();
        const string S = StreamGuardOptions.Section;
        errors.AddRange(options.Insight.Validate().Select(e => $"{S}:Insight:{e}"));
        errors.AddRange(OptionsChecks.Failures(new StateCheckpointOptionsValidator().Validate(Options.DefaultName, options.State), $"{S}:State"));
        errors.AddRange(Scoring.ScoringOptionsValidator.Validate(options.Scoring).Select(e => $"{S}:{e}"));

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add($"{S}:DataDir must name a folder.");
        }

        errors.AddRange(OptionsChecks.Failures(new EmbeddedStreamOptionsValidator().Validate(Options.DefaultName, options.Stream), $"{S}:Stream"));
        errors.AddRange(OptionsChecks.Failures(new PipelineOptionsValidator().Validate(Options.DefaultName, options.Pipeline), $"{S}:Pipeline"));
        errors.AddRange(Privacy.PrivacyOptionsValidator.Validate(options.Privacy));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
