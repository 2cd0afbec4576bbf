using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Checks <see cref="WindowOptions"/>: single settings from their DataAnnotations (source-generated, no
/// reflection); the window lists and per-customer zones in <see cref="Rules"/>.
/// </summary>
[OptionsValidator]
public sealed partial class WindowOptionsValidator : IValidateOptions<WindowOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(WindowOptions options) =>
        OptionsChecks.Failures(new WindowOptionsValidator().Validate(Options.DefaultName, options), "Windows", Rules(options));

    private static IEnumerable<string> Rules(WindowOptions options)
    {
        if (options.CustomerWindows.Count + options.CategoryWindows.Count == 0)
        {
            yield return "Windows:CustomerWindows and Windows:CategoryWindows are both empty: no window would be kept.";
        }

        foreach (WindowSize size in options.CustomerWindows.Concat(options.CategoryWindows))
        {
            if (!Enum.IsDefined(size))
            {
                yield return $"Windows: unknown window size {(int)size}.";
            }
        }

        foreach ((string customer, string zone) in options.CustomerTimeZones)
        {
            if (!TimeZoneIdAttribute.IsKnown(zone))
            {
                yield return $"Windows:CustomerTimeZones[{customer}]: unknown time zone '{zone}' (use an IANA id such as 'America/New_York').";
            }
        }
    }
}
