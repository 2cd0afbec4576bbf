using Microsoft.Extensions.Options;

namespace StreamGuard.Aws;

/// <summary>The <see cref="AwsOptions"/> rules no annotation says: endpoint URLs, and delays against each other.</summary>
public sealed class AwsOptionsRules : IValidateOptions<AwsOptions>
{
    private const string S = AwsOptionsValidator.SectionName;

    public ValidateOptionsResult Validate(string? name, AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (AwsService service in Enum.GetValues<AwsService>())
        {
            string? url = AwsOptionsValidator.ServiceUrl(options, service);
            if (url is not null && !IsHttpUrl(url))
            {
                errors.Add($"{S}:{AwsOptionsValidator.SettingName(service)} '{url}' is not an absolute http:// or https:// URL.");
            }
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{S}:RetryBaseDelay must be positive and no more than RetryMaxDelay.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:RequestTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}
