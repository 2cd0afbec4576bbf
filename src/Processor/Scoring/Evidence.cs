namespace StreamGuard.Processor.Scoring;

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

    public readonly double Total => Amount + Hour + Category + Merchant + Distance + Velocity + Detector;
}
