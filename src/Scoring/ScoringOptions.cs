using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Scoring;

/// <summary>Settings of <see cref="OnlineFraudScorer"/>; check them with <see cref="ScoringOptionsValidator"/>.</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Scoring";

    /// <summary>Fraction of transactions that may raise an alert (0.01 = 1%), held by a streaming quantile.</summary>
    [SettingRange(0d, 0.5d, MinimumIsExclusive = true, MaximumIsExclusive = true, ErrorMessage = "Scoring:AlertBudget must be in (0, 0.5).")]
    public double AlertBudget { get; set; } = 0.01;

    /// <summary>When set, alert on scores at or above this value instead of following the budget.</summary>
    [SettingRange(0d, 1d, MinimumIsExclusive = true, MaximumIsExclusive = true, ErrorMessage = "Scoring:FixedThreshold must be in (0, 1).")]
    public double? FixedThreshold { get; set; }

    /// <summary>How long after a transaction (in event time) its fraud label may be learned from; null disables label learning.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Scoring:LabelDelay must be positive (a zero delay would leak labels); got {0}.")]
    public TimeSpan? LabelDelay { get; set; }

    public int Seed { get; set; } = 42;

    /// <summary>Half-life of a card's behavioural memory, in event time.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Scoring:CardHalfLife must be positive.")]
    public TimeSpan CardHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Half-life of the population and category priors, in event time.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Scoring:PopulationHalfLife must be positive.")]
    public TimeSpan PopulationHalfLife { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Above this many cards the least recently seen tenth is forgotten.</summary>
    [SettingRange(10, int.MaxValue, ErrorMessage = "Scoring:MaxCards must be at least 10.")]
    public int MaxCards { get; set; } = 2_000_000;

    [SettingRange(1, 200, ErrorMessage = "Scoring:TreeCount must be in 1..200.")]
    public int TreeCount { get; set; } = 25;

    [SettingRange(2, 15, ErrorMessage = "Scoring:TreeDepth must be in 2..15.")]
    public int TreeDepth { get; set; } = 8;

    /// <summary>Half-Space Trees window: the reference mass is rebuilt every this many events.</summary>
    [SettingRange(16, int.MaxValue, ErrorMessage = "Scoring:TreeWindow must be at least 16.")]
    public int TreeWindow { get; set; } = 1024;

    /// <summary>Half-life, in events, of the score distribution behind the alert threshold.</summary>
    [SettingRange(100, int.MaxValue, ErrorMessage = "Scoring:ThresholdHalfLifeEvents must be at least 100.")]
    public int ThresholdHalfLifeEvents { get; set; } = 10_000;

    /// <summary>Labelled non-frauds kept for the supervised model (all frauds are kept).</summary>
    [SettingRange(0d, 1d, MinimumIsExclusive = true, ErrorMessage = "Scoring:NegativeSampleRate must be in (0, 1].")]
    public double NegativeSampleRate { get; set; } = 0.1;

    /// <summary>Most labels waiting for their delay to pass; the oldest are dropped beyond it.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Scoring:MaxPendingLabels must be positive.")]
    public int MaxPendingLabels { get; set; } = 1_000_000;

    /// <summary>Released frauds needed before the supervised model gets its full say.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Scoring:MinLabelledFrauds must be positive.")]
    public int MinLabelledFrauds { get; set; } = 20;

    /// <summary>Most weight the supervised model may get in the blended score (0..1); within it the weight is learned from labels.</summary>
    [SettingRange(0d, 1d, ErrorMessage = "Scoring:SupervisedWeight must be in [0, 1].")]
    public double SupervisedWeight { get; set; } = 0.8;

    /// <summary>Most reasons attached to an alert.</summary>
    [SettingRange(1, 10, ErrorMessage = "Scoring:MaxReasons must be in 1..10.")]
    public int MaxReasons { get; set; } = 3;

    /// <summary>A model file written by `train`, loaded at start; its probability is blended with the online score.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Share of the trained model in the blended score (on the log-odds scale), 0..1. 0.6 was best on
    /// both Sparkov card-and-time splits (model trained on half the cards Jan-Aug, 7-day labels, the
    /// other half Sep-Dec): the online part carries the labels of the stream being scored, which the
    /// model has never seen (1.0: PR-AUC 0.941; 0.8: 0.945; 0.6: 0.947; 0.4: 0.946 on one split,
    /// 0.966 at 0.8 and 0.968 at 0.6 on the other).
    /// </summary>
    [SettingRange(0d, 1d, ErrorMessage = "Scoring:ModelWeight must be in [0, 1].")]
    public double ModelWeight { get; set; } = 0.6;

    /// <summary>
    /// Retrain the model in the background from matured labels (delayed is_fraud, analyst verdicts).
    /// Off by default: on held-out Sparkov cards (Sep–Dec 2022) a deployed model with 7-day labels gave
    /// PR-AUC 0.956 as it was and 0.878 once a retrained model had passed the swap check and replaced it.
    /// The online label model learns from the same labels either way.
    /// </summary>
    public bool Retrain { get; set; }

    /// <summary>
    /// With <see cref="Retrain"/>, also train a first model when none was deployed. Off by default: a cold
    /// start with 7-day labels reached PR-AUC 0.91 with the online label model alone and 0.76 when early
    /// models trained on the first few dozen frauds were swapped in.
    /// </summary>
    public bool RetrainFromNothing { get; set; }

    /// <summary>Retrain after this many new labelled frauds.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Scoring:RetrainEveryFrauds must be positive.")]
    public int RetrainEveryFrauds { get; set; } = 150;

    /// <summary>Retrain after this much event time when at least one new fraud was labelled.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Scoring:RetrainEvery must be positive; got {0}.")]
    public TimeSpan RetrainEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Labelled frauds (and as many non-frauds) needed before the first retraining.</summary>
    [SettingRange(10, int.MaxValue, ErrorMessage = "Scoring:MinFraudsToRetrain must be at least 10.")]
    public int MinFraudsToRetrain { get; set; } = 40;

    /// <summary>Most labelled rows kept for retraining (a fifth of them for frauds); the oldest go first.</summary>
    [SettingRange(1_000, 5_000_000, ErrorMessage = "Scoring:RetrainBufferSize must be in 1000..5000000.")]
    public int RetrainBufferSize { get; set; } = 200_000;

    /// <summary>Boosting rounds of a retrained model.</summary>
    [SettingRange(10, 2_000, ErrorMessage = "Scoring:RetrainTrees must be in 10..2000.")]
    public int RetrainTrees { get; set; } = 150;

    /// <summary>0: swap a retrained model in as soon as it is ready (scoring never waits). N: swap it exactly N events after training started, waiting if needed (reproducible runs such as evaluate).</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "Scoring:RetrainSwapAfterEvents must be 0 (when ready) or positive.")]
    public int RetrainSwapAfterEvents { get; set; }

    /// <summary>Recent transactions remembered so an analyst's verdict can be matched to what the model saw.</summary>
    [SettingRange(0, 10_000_000, ErrorMessage = "Scoring:RecentTransactions must be in 0..10000000.")]
    public int RecentTransactions { get; set; } = 50_000;

    /// <summary>A copy to adjust without touching the bound settings.</summary>
    public ScoringOptions Clone() => (ScoringOptions)MemberwiseClone();
}
