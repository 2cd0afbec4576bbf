namespace StreamGuard.Privacy.Differential;

/// <summary>Checks the DP settings; every message names its setting.</summary>
public static class DifferentialPrivacyOptionsValidator
{
    /// <param name="section">The settings' configuration path, e.g. "StreamGuard:Privacy:Differential".</param>
    public static IEnumerable<string> Validate(DifferentialPrivacyOptions o, string section)
    {
        if (!Enum.IsDefined(o.Mechanism))
        {
            yield return $"{section}:Mechanism must be Laplace or Gaussian (got '{o.Mechanism}').";
        }

        if (!double.IsFinite(o.Epsilon) || o.Epsilon <= 0 || o.Epsilon > 10)
        {
            yield return $"{section}:Epsilon must be above 0 and at most 10 per release (got {o.Epsilon}).";
        }

        if (o.Mechanism == NoiseMechanism.Laplace && o.Delta != 0)
        {
            yield return $"{section}:Delta must be 0 with the Laplace mechanism (got {o.Delta}).";
        }
        else if (o.Mechanism == NoiseMechanism.Gaussian && (!double.IsFinite(o.Delta) || o.Delta <= 0 || o.Delta >= 1e-3))
        {
            yield return $"{section}:Delta must be above 0 and below 0.001 with the Gaussian mechanism (got {o.Delta}).";
        }

        if (o.AmountClamp is <= 0 or > 1_000_000)
        {
            yield return $"{section}:AmountClamp must be above 0 and at most 1000000 (got {o.AmountClamp}).";
        }

        if (o.MaxTransactionsPerCustomer is < 1 or > 10_000)
        {
            yield return $"{section}:MaxTransactionsPerCustomer must be 1 to 10000 (got {o.MaxTransactionsPerCustomer}).";
        }

        if (o.MinGroupSize is < 1 or > 100_000)
        {
            yield return $"{section}:MinGroupSize must be 1 to 100000 (got {o.MinGroupSize}).";
        }

        if (o.ReleaseWindow < TimeSpan.FromMinutes(1) || o.ReleaseWindow > TimeSpan.FromDays(31) || TimeSpan.TicksPerDay % o.ReleaseWindow.Ticks != 0 && o.ReleaseWindow.Ticks % TimeSpan.TicksPerDay != 0)
        {
            yield return $"{section}:ReleaseWindow must be 1 minute to 31 days and divide a day or be whole days (got {o.ReleaseWindow}).";
        }

        if (!double.IsFinite(o.TotalEpsilon) || o.TotalEpsilon <= 0 || o.TotalEpsilon > 100)
        {
            yield return $"{section}:TotalEpsilon must be above 0 and at most 100 per horizon (got {o.TotalEpsilon}).";
        }
        else if (o.Epsilon > o.TotalEpsilon)
        {
            yield return $"{section}:Epsilon ({o.Epsilon}) must not exceed TotalEpsilon ({o.TotalEpsilon}): no window could ever be released.";
        }

        if (!double.IsFinite(o.ContinualEpsilon) || o.ContinualEpsilon < 0 || o.ContinualEpsilon > o.TotalEpsilon)
        {
            yield return $"{section}:ContinualEpsilon must be 0 (off) to TotalEpsilon (got {o.ContinualEpsilon}).";
        }

        if (o.BudgetHorizon < TimeSpan.FromDays(1) || o.BudgetHorizon > TimeSpan.FromDays(366) || o.BudgetHorizon.Ticks % TimeSpan.TicksPerDay != 0 || (o.ReleaseWindow.Ticks > 0 && o.BudgetHorizon.Ticks % o.ReleaseWindow.Ticks != 0))
        {
            yield return $"{section}:BudgetHorizon must be 1 to 366 whole days and a whole number of ReleaseWindow (got {o.BudgetHorizon}).";
        }

        if (o.ContinualStep < TimeSpan.FromMinutes(1) || o.ContinualStep > o.BudgetHorizon || TimeSpan.TicksPerDay % o.ContinualStep.Ticks != 0 || o.BudgetHorizon.Ticks / o.ContinualStep.Ticks > 1 << 20)
        {
            yield return $"{section}:ContinualStep must be at least 1 minute, divide a day, and give at most 1048576 steps per horizon (got {o.ContinualStep}).";
        }

        if (o.ContinualMaxTransactionsPerCustomer is < 1 or > 100_000)
        {
            yield return $"{section}:ContinualMaxTransactionsPerCustomer must be 1 to 100000 (got {o.ContinualMaxTransactionsPerCustomer}).";
        }

        if (o.ContinualDailyCategoryClamp is <= 0 or > 1_000_000)
        {
            yield return $"{section}:ContinualDailyCategoryClamp must be above 0 and at most 1000000 dollars (got {o.ContinualDailyCategoryClamp}).";
        }

        if (o.ContinualMaxAmountPerCustomer is <= 0 or > 100_000_000)
        {
            yield return $"{section}:ContinualMaxAmountPerCustomer must be above 0 and at most 100000000 dollars (got {o.ContinualMaxAmountPerCustomer}).";
        }

        if (o.ContinualMaxCategoriesPerCustomer < 1 || o.ContinualMaxCategoriesPerCustomer > ReleaseCategories.All.Count)
        {
            yield return $"{section}:ContinualMaxCategoriesPerCustomer must be 1 to {ReleaseCategories.All.Count} (got {o.ContinualMaxCategoriesPerCustomer}).";
        }

        if (o.AllowedLateness < TimeSpan.Zero || o.AllowedLateness > TimeSpan.FromDays(31))
        {
            yield return $"{section}:AllowedLateness must be 0 to 31 days (got {o.AllowedLateness}).";
        }
    }
}
