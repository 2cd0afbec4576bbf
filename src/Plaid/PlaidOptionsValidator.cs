using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Plaid;

/// <summary>
/// Checks every Plaid setting at start and reports all problems at once, each naming its setting: single settings
/// from their DataAnnotations (<see cref="PlaidOptionsAnnotationsValidator"/>, source-generated), then the rules no
/// annotation can say in <see cref="Rules"/>. Messages carry no member prefix: the credential ones name the
/// environment variables, not a setting, and are shown to the user as they are.
/// </summary>
public sealed class PlaidOptionsValidator : IValidateOptions<PlaidOptions>
{
    private static readonly PlaidOptionsAnnotationsValidator s_annotations = new();

    public ValidateOptionsResult Validate(string? name, PlaidOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsChecks.Result(OptionsChecks.Failures(s_annotations.Validate(name, options), section: null, Rules(options)));
    }

    private static IEnumerable<string> Rules(PlaidOptions options)
    {
        if (options.CredentialsInConfiguration)
        {
            yield return $"Plaid:ClientId and Plaid:Secret must not be set in configuration; set the {PlaidOptions.ClientIdVariable} and {PlaidOptions.SecretVariable} environment variables instead.";
        }

        // Case-insensitive, as ResolveBaseUrl reads it; [AllowedValues] compares exactly.
        if (!string.Equals(options.Environment, PlaidOptions.Sandbox, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Environment, PlaidOptions.Production, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Plaid:Environment must be '{PlaidOptions.Sandbox}' or '{PlaidOptions.Production}', got '{options.Environment}'.";
        }

        // [Url] would accept ftp:// and cannot be read off a Uri: the scheme is checked here.
        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return $"Plaid:BaseUrl must be an absolute http(s) URL, got '{url}'.";
        }

        if (options.RetryBaseDelay >= TimeSpan.Zero && options.RetryMaxDelay < options.RetryBaseDelay)
        {
            yield return $"Plaid:RetryBaseDelay must be no greater than Plaid:RetryMaxDelay ({options.RetryMaxDelay}), got {options.RetryBaseDelay}.";
        }

        if (options.MaxChangesPerRound < options.SyncPageSize)
        {
            yield return $"Plaid:MaxChangesPerRound must be at least Plaid:SyncPageSize ({options.SyncPageSize}), got {options.MaxChangesPerRound}.";
        }
    }
}
