namespace StreamGuard.Processor.Scoring;

/// <summary>Settings of <see cref="OnlineFraudScorer"/>; check them with <see cref="ScoringOptionsValidator"/>.</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Scoring";

    /// <summary>Fraction of transactions that may raise an alert (0.01 = 1%), held by a streaming quantile.</summary>
    public double AlertBudget { get; set; } = 0.01;

    /// <summary>When set, alert on scores at or above this value instead of following the budget.</summary>
    public double? FixedThreshold { get; set; }

    /// <summary>How long after a transaction (in event time) its fraud label may be learned from; null disables label learning.</summary>
    public TimeSpan? LabelDelay { get; set; }

    public int Seed { get; set; } = 42;

    /// <summary>Half-life of a card's behavioural memory, in event time.</summary>
    public TimeSpan CardHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Half-life of the population and category priors, in event time.</summary>
    public TimeSpan PopulationHalfLife { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Above this many cards the least recently seen tenth is forgotten.</summary>
    public int MaxCards { get; set; } = 2_000_000;

    public int TreeCount { get; set; } = 25;

    public int TreeDepth { get; set; } = 8;

    /// <summary>Half-Space Trees window: the reference mass is rebuilt every this many events.</summary>
    public int TreeWindow { get; set; } = 1024;

    /// <summary>Half-life, in events, of the score distribution behind the alert threshold.</summary>
    public int ThresholdHalfLifeEvents { get; set; } = 10_000;

    /// <summary>Labelled non-frauds kept for the supervised model (all frauds are kept).</summary>
    public double NegativeSampleRate { get; set; } = 0.1;

    /// <summary>Most labels waiting for their delay to pass; the oldest are dropped beyond it.</summary>
    public int MaxPendingLabels { get; set; } = 1_000_000;

    /// <summary>Released frauds needed before the supervised model gets its full say.</summary>
    public int MinLabelledFrauds { get; set; } = 20;

    /// <summary>Most weight the supervised model may get in the blended score (0..1); within it the weight is learned from labels.</summary>
    public double SupervisedWeight { get; set; } = 0.8;

    /// <summary>Most reasons attached to an alert.</summary>
    public int MaxReasons { get; set; } = 3;
}
