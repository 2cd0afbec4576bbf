using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Duplicates;

/// <summary>Checks <see cref="DuplicateOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class DuplicateOptionsValidator : IValidateOptions<DuplicateOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(DuplicateOptions options) =>
        OptionsChecks.Failures(new DuplicateOptionsValidator().Validate(Options.DefaultName, options), "Duplicates");
}
