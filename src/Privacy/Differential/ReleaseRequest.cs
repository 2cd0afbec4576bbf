namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One window's release as the budget sees it: its id, its event-time span, the epsilon the budget
/// check charges it, what it adds to the horizon's spending (pure epsilon for Laplace, zCDP rho for
/// Gaussian, composed as the ledger composes them) and the horizon's total budget it must fit in.
/// </summary>
public sealed record ReleaseRequest(
    string ReleaseId,
    long StartTicks,
    long EndTicks,
    DateTimeOffset HorizonStart,
    TimeSpan HorizonLength,
    double Epsilon,
    double PureEpsilon,
    double Rho,
    double Delta,
    double TotalEpsilon)
{
    /// <summary>Whether a horizon that has spent <paramref name="pure"/> epsilon and <paramref name="rho"/> zCDP can pay for this release (the ledger's own accounting).</summary>
    public bool Fits(double pure, double rho) =>
        pure + NoiseCalibration.EpsilonOfRho(rho, Delta > 0 ? Delta : 1e-6) + Epsilon <= TotalEpsilon + 1e-9;
}
