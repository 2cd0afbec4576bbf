namespace StreamGuard.Insight.Segments;

/// <summary>One customer's recent behaviour (exponentially weighted) and segment.</summary>
internal sealed class CustomerProfile
{
    public long Transactions { get; set; }
    public long LastTicks { get; set; }
    public double GapDays { get; set; } = -1;
    public double[] Vector { get; } = new double[BehaviourFeatures.Count];
    public int Segment { get; set; } = -1;
}
