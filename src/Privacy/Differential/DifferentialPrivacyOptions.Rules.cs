using System.ComponentModel.DataAnnotations;

namespace StreamGuard.Privacy.Differential;

public sealed partial class DifferentialPrivacyOptions
{
    /// <summary>The rules between settings; each message names its setting in full.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
        Rules().Select(message => new ValidationResult(message));

    private IEnumerable<string> Rules()
    {
        const string S = Section;
        if (Mechanism == NoiseMechanism.Laplace && Delta != 0)
        {
            yield return $"{S}:Delta must be 0 with the Laplace mechanism (got {Delta}).";
        }
        else if (Mechanism == NoiseMechanism.Gaussian && (!double.IsFinite(Delta) || Delta <= 0 || Delta >= 1e-3))
        {
            yield return $"{S}:Delta must be above 0 and below 0.001 with the Gaussian mechanism (got {Delta}).";
        }

        if (ReleaseWindow < TimeSpan.FromMinutes(1) || ReleaseWindow > TimeSpan.FromDays(31) || (TimeSpan.TicksPerDay % ReleaseWindow.Ticks != 0 && ReleaseWindow.Ticks % TimeSpan.TicksPerDay != 0))
        {
            yield return $"{S}:ReleaseWindow must be 1 minute to 31 days and divide a day or be whole days (got {ReleaseWindow}).";
        }

        bool totalValid = double.IsFinite(TotalEpsilon) && TotalEpsilon > 0 && TotalEpsilon <= 100;
        if (totalValid && Epsilon > TotalEpsilon)
        {
            yield return $"{S}:Epsilon ({Epsilon}) must not exceed TotalEpsilon ({TotalEpsilon}): no window could ever be released.";
        }

        if (!double.IsFinite(ContinualEpsilon) || ContinualEpsilon < 0 || ContinualEpsilon > TotalEpsilon)
        {
            yield return $"{S}:ContinualEpsilon must be 0 (off) to TotalEpsilon (got {ContinualEpsilon}).";
        }

        if (BudgetHorizon < TimeSpan.FromDays(1) || BudgetHorizon > TimeSpan.FromDays(366) || BudgetHorizon.Ticks % TimeSpan.TicksPerDay != 0 || (ReleaseWindow.Ticks > 0 && BudgetHorizon.Ticks % ReleaseWindow.Ticks != 0))
        {
            yield return $"{S}:BudgetHorizon must be 1 to 366 whole days and a whole number of ReleaseWindow (got {BudgetHorizon}).";
        }

        if (ContinualStep < TimeSpan.FromMinutes(1) || ContinualStep > BudgetHorizon || TimeSpan.TicksPerDay % ContinualStep.Ticks != 0 || BudgetHorizon.Ticks / ContinualStep.Ticks > 1 << 20)
        {
            yield return $"{S}:ContinualStep must be at least 1 minute, divide a day, and give at most 1048576 steps per horizon (got {ContinualStep}).";
        }

        // The bound follows the category list, which no annotation constant can name.
        if (ContinualMaxCategoriesPerCustomer < 1 || ContinualMaxCategoriesPerCustomer > ReleaseCategories.All.Count)
        {
            yield return $"{S}:ContinualMaxCategoriesPerCustomer must be 1 to {ReleaseCategories.All.Count} (got {ContinualMaxCategoriesPerCustomer}).";
        }
    }
}
