using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Runtime.Hosting;

/// <summary>aws-mode settings, bound from "StreamGuard:Aws" (endpoints and region are in the "Aws" section).</summary>
public sealed class AwsWorkerOptions : IValidatableObject
{
    public const string Section = "StreamGuard:Aws";

    /// <summary>The Kinesis stream the workers share.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:StreamName must be 1-128 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{1,128}$", ErrorMessage = "StreamGuard:Aws:StreamName must be 1-128 letters, digits, '_', '.' or '-'.")]
    public string StreamName { get; set; } = "";

    /// <summary>Create the stream, tables and bucket when missing (local emulators, first deployment).</summary>
    public bool CreateResources { get; set; }

    /// <summary>Shards of the stream when <see cref="CreateResources"/> creates it.</summary>
    [SettingRange(1, 500, ErrorMessage = "StreamGuard:Aws:ShardCount must be 1 to 500.")]
    public int ShardCount { get; set; } = 4;

    /// <summary>
    /// Key prefix, in the archive bucket, of each worker's learned state (<c>{prefix}{stream}/{workerId}.state</c>).
    /// A restarted worker restores its state only under the same Leases:WorkerId: give workers stable ids.
    /// </summary>
    public string StatePrefix { get; set; } = "state/";

    [ValidateObjectMembers]
    public LeaseOptions Leases { get; set; } = new();

    [ValidateObjectMembers]
    public AwsSinkOptions Sinks { get; set; } = new();

    /// <summary>
    /// The rules between settings, in one place for the whole aws-mode section; the generated
    /// <see cref="AwsWorkerOptionsValidator"/> runs them after the annotations of every member.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Leases.RenewInterval <= TimeSpan.Zero || Leases.RenewInterval * 2 > Leases.LeaseDuration)
        {
            yield return new ValidationResult(
                $"{Section}:Leases:RenewInterval must be positive and at most half of LeaseDuration (got {Leases.RenewInterval}), or leases expire between renewals.",
                [nameof(Leases)]);
        }
    }
}
