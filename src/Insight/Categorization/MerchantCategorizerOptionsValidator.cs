using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Categorization;

/// <summary>
/// Checks <see cref="MerchantCategorizerOptions"/>: single settings from their DataAnnotations (source-generated,
/// no reflection), the n-gram bounds against each other in <see cref="Rules"/>.
/// </summary>
[OptionsValidator]
public sealed partial class MerchantCategorizerOptionsValidator : IValidateOptions<MerchantCategorizerOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(MerchantCategorizerOptions options) =>
        OptionsChecks.Failures(new MerchantCategorizerOptionsValidator().Validate(Options.DefaultName, options), "Categorization", Rules(options));

    private static IEnumerable<string> Rules(MerchantCategorizerOptions options)
    {
        if (options.MinNGram < 1 || options.MaxNGram < options.MinNGram || options.MaxNGram > 8)
        {
            yield return $"Categorization:MinNGram/MaxNGram must satisfy 1 <= MinNGram <= MaxNGram <= 8 (were {options.MinNGram}/{options.MaxNGram}).";
        }
    }
}
