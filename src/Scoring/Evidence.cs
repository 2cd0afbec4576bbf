namespace StreamGuard.Scoring;

/// <summary>How much each kind of unusual behaviour adds to the unsupervised score (in nats-like units).</summary>
internal struct Evidence
{
    public double Amount;
    public double Hour;
    public double Category;
    public double Merchant;
    public double Distance;
    public double Velocity;
    public double Detector;
    public double Context;
    public double Jump;
    public double Testing;
    /// <summary>Population-level oddness of the category, hour and amount together (<see cref="PopulationCells"/>).</summary>
    public double Population;

    public readonly double Total => Amount + Hour + Category + Merchant + Distance + Velocity + Detector + Context + Jump + Testing + Population;

    /// <summary>The evidence from this transaction alone, which the card carries forward as suspicion.</summary>
    public readonly double Own => Total - Context;
}
