using Microsoft.Extensions.Options;

namespace StreamGuard.Core.Plaid;

/// <summary>Checks every Plaid setting at start and reports all problems at once, each naming its setting.</summary>
public sealed class PlaidOptionsValidator : IValidateOptions<PlaidOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaidOptions options)
    {
        var failures = new List<string>();
        if (options.CredentialsInConfiguration)
        {
            failures.Add($"Plaid:ClientId and Plaid:Secret must not be set in configuration; set the {PlaidOptions.ClientIdVariable} and {PlaidOptions.SecretVariable} environment variables instead.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{PlaidOptions.ClientIdVariable} is not set: export your Plaid client id (Plaid dashboard, Developers > Keys).");
        }

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            failures.Add($"{PlaidOptions.SecretVariable} is not set: export the Plaid secret of the chosen environment.");
        }

        if (!string.Equals(options.Environment, PlaidOptions.Sandbox, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Environment, PlaidOptions.Production, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Plaid:Environment must be '{PlaidOptions.Sandbox}' or '{PlaidOptions.Production}', got '{options.Environment}'.");
        }

        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Plaid:BaseUrl must be an absolute http(s) URL, got '{url}'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Plaid:RequestTimeout must be positive.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"Plaid:MaxRetries must be between 0 and 10, got {options.MaxRetries}.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add("Plaid:RetryBaseDelay must be non-negative and no greater than Plaid:RetryMaxDelay.");
        }

        if (options.SyncPageSize is < 1 or > 500)
        {
            failures.Add($"Plaid:SyncPageSize must be between 1 and 500 (Plaid's limit), got {options.SyncPageSize}.");
        }

        if (options.MaxMutationRestarts < 0)
        {
            failures.Add($"Plaid:MaxMutationRestarts must not be negative, got {options.MaxMutationRestarts}.");
        }

        if (options.MaxChangesPerRound < options.SyncPageSize)
        {
            failures.Add($"Plaid:MaxChangesPerRound must be at least Plaid:SyncPageSize ({options.SyncPageSize}), got {options.MaxChangesPerRound}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
