using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace StreamGuard.Core.Settings;

/// <summary>
/// The setting names a time zone this machine knows (an IANA id such as 'America/New_York').
/// <see cref="ValidationAttribute.ErrorMessage"/> may hold <c>{0}</c> for the zone given.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeZoneIdAttribute : ValidationAttribute
{
    public TimeZoneIdAttribute()
        : base("unknown time zone '{0}' (use an IANA id such as 'America/New_York').")
    {
    }

    /// <summary>True when <paramref name="zone"/> is a time zone id this machine knows.</summary>
    public static bool IsKnown(string? zone) => zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return IsKnown(value as string)
            ? ValidationResult.Success
            : new ValidationResult(string.Format(CultureInfo.InvariantCulture, ErrorMessageString, value), validationContext.MemberName is { } member ? [member] : null);
    }
}
