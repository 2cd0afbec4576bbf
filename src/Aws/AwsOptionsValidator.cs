using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Aws;

/// <summary>
/// Checks the single-setting rules of <see cref="AwsOptions"/> from their DataAnnotations (source-generated, no
/// reflection); <see cref="AwsOptionsRules"/> holds the rest. <see cref="Validate(AwsOptions)"/> runs both.
/// </summary>
[OptionsValidator]
public sealed partial class AwsOptionsValidator : IValidateOptions<AwsOptions>
{
    public const string SectionName = "Aws";

    /// <summary>Every problem of <paramref name="options"/> (annotations and rules), each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (ValidateOptionsResult result in new[] { new AwsOptionsValidator().Validate(Options.DefaultName, options), new AwsOptionsRules().Validate(Options.DefaultName, options) })
        {
            if (result.Failed)
            {
                errors.AddRange((result.Failures ?? [result.FailureMessage]).Select(f => OptionsChecks.Qualify(SectionName, f)));
            }
        }

        return errors;
    }

    public static string? ServiceUrl(AwsOptions options, AwsService service) => service switch
    {
        AwsService.Kinesis => options.KinesisServiceUrl,
        AwsService.DynamoDb => options.DynamoDbServiceUrl,
        AwsService.S3 => options.S3ServiceUrl,
        AwsService.Sns => options.SnsServiceUrl,
        AwsService.Sqs => options.SqsServiceUrl,
        AwsService.Firehose => options.FirehoseServiceUrl,
        AwsService.Kms => options.KmsServiceUrl,
        AwsService.SecretsManager => options.SecretsManagerServiceUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    public static string SettingName(AwsService service) => service switch
    {
        AwsService.DynamoDb => nameof(AwsOptions.DynamoDbServiceUrl),
        _ => service + "ServiceUrl",
    };
}
