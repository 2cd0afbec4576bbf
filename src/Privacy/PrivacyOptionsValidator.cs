using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Privacy;

/// <summary>
/// Checks <see cref="PrivacyOptions"/> and its <see cref="PrivacyOptions.Differential"/> section from their
/// DataAnnotations and rules between settings (source-generated, no reflection); every message names its setting in full.
/// </summary>
[OptionsValidator]
public sealed partial class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting ("StreamGuard:Privacy:...").</summary>
    public static IReadOnlyList<string> Validate(PrivacyOptions options) =>
        OptionsChecks.Failures(new PrivacyOptionsValidator().Validate(Options.DefaultName, options), PrivacyOptions.Section);
}
