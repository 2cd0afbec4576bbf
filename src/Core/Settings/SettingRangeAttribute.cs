using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace StreamGuard.Core.Settings;

/// <summary>
/// <see cref="RangeAttribute"/> whose <see cref="ValidationAttribute.ErrorMessage"/> survives the options source
/// generator: the generator swaps a plain <c>[Range]</c> for its own copy and drops the message
/// (dotnet/runtime#123137), so a setting's message would lose the setting's full name.
/// The message may hold <c>{3}</c> for the value given (<c>{0}</c> to <c>{2}</c> are the member, minimum and maximum, as for <c>[Range]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (IsValid(value))
        {
            return ValidationResult.Success;
        }

        string message = string.Format(CultureInfo.InvariantCulture, ErrorMessageString, validationContext.DisplayName, Minimum, Maximum, value);
        return new ValidationResult(message, validationContext.MemberName is { } member ? [member] : null);
    }
}
