using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Segments;

/// <summary>Checks <see cref="SegmentOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class SegmentOptionsValidator : IValidateOptions<SegmentOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(SegmentOptions options) =>
        OptionsChecks.Failures(new SegmentOptionsValidator().Validate(Options.DefaultName, options), "Segments");
}
