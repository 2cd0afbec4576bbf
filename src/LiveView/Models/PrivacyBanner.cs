namespace StreamGuard.LiveView.Models;

/// <summary>Which privacy settings are in force, shown on the page; Noise and Epsilon describe the category chart's DP releases.</summary>
public sealed record PrivacyBanner(string PseudonymKeyId, bool MerchantLocationKept, double HomeCellDegrees)
{
    /// <summary>The chart's noise, e.g. "Laplace, k 10, clamp $200 x 4 per customer per 1.00:00:00 window".</summary>
    public string? Noise { get; init; }

    /// <summary>Epsilon per released window.</summary>
    public double Epsilon { get; init; }

    public double EpsilonSpent { get; init; }

    public int Releases { get; init; }
}
