namespace StreamGuard.Core.Aws;

/// <summary>Checks <see cref="AwsOptions"/> at start and reports every problem at once, each naming its setting.</summary>
public static class AwsOptionsValidator
{
    public const string SectionName = "Aws";

    public static IReadOnlyList<string> Validate(AwsOptions options)
    {
        var errors = new List<string>();
        if (options.Region is { } region && (region.Length == 0 || region.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))))
        {
            errors.Add($"{SectionName}:Region '{region}' is not a region name such as 'us-east-1'.");
        }

        foreach (AwsService service in Enum.GetValues<AwsService>())
        {
            string? url = ServiceUrl(options, service);
            if (url is not null && !IsHttpUrl(url))
            {
                errors.Add($"{SectionName}:{SettingName(service)} '{url}' is not an absolute http:// or https:// URL.");
            }
        }

        if (options.MaxRetryAttempts is < 0 or > 20)
        {
            errors.Add($"{SectionName}:MaxRetryAttempts must be 0 to 20, got {options.MaxRetryAttempts}.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{SectionName}:RetryBaseDelay must be positive and no more than RetryMaxDelay.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:RequestTimeout must be positive.");
        }

        return errors;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(AwsOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid AWS settings: " + string.Join(" ", errors), nameof(options));
        }
    }

    public static string? ServiceUrl(AwsOptions options, AwsService service) => service switch
    {
        AwsService.Kinesis => options.KinesisServiceUrl,
        AwsService.DynamoDb => options.DynamoDbServiceUrl,
        AwsService.S3 => options.S3ServiceUrl,
        AwsService.Sns => options.SnsServiceUrl,
        AwsService.Sqs => options.SqsServiceUrl,
        AwsService.Firehose => options.FirehoseServiceUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    public static string SettingName(AwsService service) => service switch
    {
        AwsService.DynamoDb => nameof(AwsOptions.DynamoDbServiceUrl),
        _ => service + "ServiceUrl",
    };

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}
