using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace StreamGuard.Core.Settings;

/// <summary>
/// A <see cref="TimeSpan"/> setting between <c>minimum</c> and <c>maximum</c> (invariant <c>c</c> format,
/// e.g. "00:00:00"). Hand-written rather than <c>[Range(typeof(TimeSpan), ...)]</c> because that parses its
/// limits through a type converter at run time and cannot put the offending value in its message:
/// <see cref="ValidationAttribute.ErrorMessage"/> may hold <c>{0}</c> for the value given.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    public TimeSpanRangeAttribute(string minimum, string? maximum = null)
        : base("must be from {1} to {2} (was {0}).")
    {
        Minimum = TimeSpan.ParseExact(minimum, "c", CultureInfo.InvariantCulture);
        Maximum = maximum is null ? TimeSpan.MaxValue : TimeSpan.ParseExact(maximum, "c", CultureInfo.InvariantCulture);
    }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    /// <summary>When true the minimum itself is refused ("must be positive" with minimum zero).</summary>
    public bool MinimumIsExclusive { get; set; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not TimeSpan span || ((MinimumIsExclusive ? span > Minimum : span >= Minimum) && span <= Maximum))
        {
            return ValidationResult.Success;
        }

        return new ValidationResult(
            string.Format(CultureInfo.InvariantCulture, ErrorMessageString, span, Minimum, Maximum),
            validationContext.MemberName is { } member ? [member] : null);
    }
}
