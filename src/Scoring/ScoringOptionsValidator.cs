using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Scoring;

/// <summary>
/// Checks <see cref="ScoringOptions"/>: single settings from their DataAnnotations (source-generated, no
/// reflection); what needs the file system in <see cref="Rules"/>. <see cref="Validate(ScoringOptions)"/> runs both.
/// </summary>
[OptionsValidator]
public sealed partial class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting ("Scoring:...").</summary>
    public static IReadOnlyList<string> Validate(ScoringOptions options) =>
        OptionsChecks.Failures(new ScoringOptionsValidator().Validate(Options.DefaultName, options), ScoringOptions.SectionName, Rules(options));

    private static IEnumerable<string> Rules(ScoringOptions options)
    {
        if (options.ModelPath is { } path && !File.Exists(path))
        {
            yield return $"Scoring:ModelPath '{path}' does not exist (write one with `train --out`).";
        }
    }
}
