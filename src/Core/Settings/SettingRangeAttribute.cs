using System.ComponentModel.DataAnnotations;

namespace StreamGuard.Core.Settings;

/// <summary>
/// <see cref="RangeAttribute"/> whose <see cref="ValidationAttribute.ErrorMessage"/> survives the options source
/// generator: the generator swaps a plain <c>[Range]</c> for its own copy and drops the message
/// (dotnet/runtime#123137), so a setting's message would lose the setting's full name.
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
}
