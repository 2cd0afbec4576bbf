using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Checks <see cref="DifferentialPrivacyOptions"/>: single settings from their DataAnnotations (source-generated, no
/// reflection), then the options' rules between settings. Every message names its setting in full.
/// </summary>
[OptionsValidator]
public sealed partial class DifferentialPrivacyOptionsValidator : IValidateOptions<DifferentialPrivacyOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting ("StreamGuard:Privacy:Differential:...").</summary>
    public static IReadOnlyList<string> Validate(DifferentialPrivacyOptions options) =>
        OptionsChecks.Failures(new DifferentialPrivacyOptionsValidator().Validate(Options.DefaultName, options), DifferentialPrivacyOptions.Section);
}
