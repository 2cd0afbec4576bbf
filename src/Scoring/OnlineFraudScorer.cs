using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring.Models;

namespace StreamGuard.Scoring;

/// <summary>
/// The online fraud scorer: per-card behavioural evidence plus Half-Space Trees, optionally
/// blended with a logistic regression taught by labels released after their delay. Each call
/// scores first and learns afterwards (test-then-train). Deterministic for a seed and not
/// thread-safe: the score stage calls it from one task, in arrival order.
/// </summary>
public sealed partial class OnlineFraudScorer : IFraudScorer
{
    private const int DetectorDimensions = 10;
    private const double ContextHalfPoint = 2;
    // Population oddness plus log amount over all cards' mean: from about e^1.2 (3.3x the typical
    // amount in an ordinary cell) it counts. Chosen on held-out Sparkov cards (weights 1-10, floors
    // 4-5.5 on the absolute scale, where Sparkov's mean log amount is about 3.8); it then outweighs
    // the card-level evidence.
    internal const double PopulationWeight = 3;
    internal const double PopulationFloor = 1.2;

    private readonly ScoringOptions _options;
    private readonly Dictionary<string, CardProfile> _cards = new(StringComparer.Ordinal);
    private readonly PopulationPriors _priors;
    private readonly PopulationCells _cells;
    private readonly HalfSpaceTrees _trees;
    private readonly StreamingQuantile _quantile;
    private readonly OnlineLogisticRegression _supervised = new();
    private readonly LogitBlend _blend = new();
    private readonly LabelDelayQueue? _labels;
    private readonly double _cardHalfLifeTicks;
    private readonly ModelRetrainer _retrainer;
    private readonly RecentRows _recent;
    private SplitMix64 _random;
    private ModelRow _lastRow;
    private long _watermarkTicks = long.MinValue;
    private long _scored;
    private long _alerts;

    public OnlineFraudScorer(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _priors = new PopulationPriors(options.PopulationHalfLife);
        _cells = new PopulationCells(options.PopulationHalfLife);
        _trees = new HalfSpaceTrees(options.TreeCount, options.TreeDepth, DetectorDimensions, options.TreeWindow, (ulong)options.Seed);
        _quantile = new StreamingQuantile(options.AlertBudget, options.ThresholdHalfLifeEvents);
        _labels = options.LabelDelay is { } delay ? new LabelDelayQueue(delay, options.MaxPendingLabels) : null;
        _cardHalfLifeTicks = options.CardHalfLife.Ticks;
        _random = new SplitMix64(((ulong)options.Seed * 0x9E3779B97F4A7C15UL) + 1);
        _retrainer = new ModelRetrainer(options, options.ModelPath is { } path ? FraudModelFile.Load(path) : null);
        _recent = new RecentRows(options.RecentTransactions);
    }

    /// <summary>Starts from a model already loaded (tests, benchmarks); the options' ModelPath is then ignored.</summary>
    public OnlineFraudScorer(ScoringOptions options, FraudModel? model)
        : this(WithoutModelPath(options)) => _retrainer = new ModelRetrainer(options, model);

    private static ScoringOptions WithoutModelPath(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ModelPath is null)
        {
            return options;
        }

        ScoringOptions copy = options.Clone();
        copy.ModelPath = null;
        return copy;
    }

    /// <summary>The trained model in use (loaded at start or retrained online), or null before there is one.</summary>
    public FraudModel? Model => _retrainer.Model;

    /// <summary>The version stamped on alerts: the model's, or "online" while the unsupervised score runs alone.</summary>
    public string ModelVersion => _retrainer.Model?.Version ?? "online";

    /// <summary>Retrained models swapped in.</summary>
    public long Retrains => _retrainer.Retrains;

    /// <summary>Retrained models not swapped in because they validated worse than the one in use.</summary>
    public long RetrainsRejected => _retrainer.Rejected;

    /// <summary>Retrainings that failed, and why the last one did not swap in.</summary>
    public long RetrainFailures => _retrainer.Failures;

    public string? LastRetrainNote => _retrainer.LastFailure;

    /// <summary>Whether a model is being trained in the background right now.</summary>
    public bool RetrainInFlight => _retrainer.Training;

    /// <summary>Labelled rows waiting in the retraining buffer.</summary>
    public int TrainingRows => _retrainer.BufferedRows;

    /// <summary>The model features of the transaction scored last (what `train` records).</summary>
    internal ref readonly ModelRow LastRow => ref _lastRow;

    /// <summary>
    /// Takes in verdicts given after the fact (analysts in the console, a labels feed): each matched
    /// to the features its transaction was scored with and added to the retraining buffer, like a
    /// matured is_fraud label. Returns how many matched a recent transaction.
    /// </summary>
    public int LearnVerdicts(IReadOnlyList<FraudLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int matched = 0;
        foreach (FraudLabel label in labels)
        {
            if (_recent.TryTake(label.TransactionId, label.CardId, out ModelRow row, out long ticks))
            {
                _retrainer.Add(in row, label.IsFraud, ticks);
                matched++;
            }
        }

        return matched;
    }

    public int CardCount => _cards.Count;

    public long Scored => _scored;

    public long Alerts => _alerts;

    /// <summary>The score at or above which a transaction alerts right now.</summary>
    public double AlertThreshold => _options.FixedThreshold ?? _quantile.Threshold;

    double? IFraudScorer.AlertThreshold => AlertThreshold;

    bool IFraudScorer.CanSnapshot => true;

    /// <summary>Labels the supervised model has learned from (each only after its delay).</summary>
    public long LabelsLearned => _supervised.Examples;

    public int LabelsWaiting => _labels?.Count ?? 0;

    public FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        long ticks = transaction.EventTime.UtcTicks;
        _watermarkTicks = Math.Max(_watermarkTicks, ticks);
        ReleaseLabels();
        _retrainer.Tick(_scored, _watermarkTicks);

        TransactionInput input = Describe(transaction, in features);
        _cards.TryGetValue(transaction.CardId, out CardProfile? profile);
        FeatureExtractor.Extract(in input, profile, _priors, _cardHalfLifeTicks, out FeatureVector vector, out Evidence evidence);

        Span<float> point = stackalloc float[DetectorDimensions];
        DetectorPoint(in vector, point);
        double detector = _trees.ScoreAndLearn(point);
        evidence.Detector = FeatureExtractor.DetectorWeight * Math.Max(0, detector - FeatureExtractor.DetectorFloor);
        // Suspicion carried from earlier purchases counts only as far as this purchase is odd itself,
        // so the card's ordinary purchases during an episode are not dragged up with it.
        double oddness = _cells.Oddness(input.Category, input.Hour, input.LogAmount, ticks);
        // The amount counts against all cards' typical amount (not the category's: stolen cards buy
        // the same dear goods whatever the category), so a general rise in prices moves nothing.
        evidence.Population = PopulationWeight * Math.Max(0, oddness + input.LogAmount - _priors.GlobalLogAmountMean - PopulationFloor);
        double own = evidence.Own;
        evidence.Context *= own * own / ((own * own) + (ContextHalfPoint * ContextHalfPoint));

        double total = evidence.Total;
        double unsupervised = total / (total + 3);

        string category = transaction.SourceCategory ?? transaction.Category;
        ModelFeatures.Extract(in input, category, in features, profile, in vector, in evidence, unsupervised, detector, oddness, out _lastRow);
        LabelExample example = _labels is null ? default : LabelExample.From(in vector, in input, in evidence, unsupervised, detector);
        double online = Blend(unsupervised, in example);
        FraudModel? model = _retrainer.Model;
        double score = model is null ? online : BlendModel(model.Probability(in _lastRow), online);

        double threshold = AlertThreshold;
        bool alert = score >= threshold && (_options.FixedThreshold is not null || _quantile.Observed >= 200);
        _quantile.Add(score);
        IReadOnlyList<string> reasons = alert ? Explain(model, in input, profile, in vector, in evidence, detector, category) : [];
        _recent.Remember(transaction.TransactionId, transaction.CardId, in _lastRow, ticks);

        Learn(transaction.CardId, profile, in input, ticks, input.LogAmount - _priors.AmountPrior(input.Category).Mean, evidence.Own);
        if (_labels is not null && transaction.IsFraud is { } isFraud && (isFraud || _random.NextDouble() < _options.NegativeSampleRate))
        {
            _labels.Enqueue(ticks, isFraud, in example, in _lastRow);
        }

        _scored++;
        if (alert)
        {
            _alerts++;
        }

        return new FraudAssessment(score, alert, reasons)
        {
            Severity = alert ? SeverityOf(score, threshold) : null,
            ModelVersion = model?.Version ?? "online",
        };
    }

    /// <summary>How far above the threshold, on the log-odds scale: a score twice as far out is rarer still.</summary>
    internal static string SeverityOf(double score, double threshold)
    {
        double margin = Logit(score) - Logit(threshold);
        return margin >= 2 ? "high" : margin >= 0.7 ? "medium" : "low";
    }

    private double BlendModel(double model, double online)
    {
        double w = _options.ModelWeight;
        double logit = (w * Math.Clamp(Logit(model), -20, 20)) + ((1 - w) * Math.Clamp(Logit(online), -20, 20));
        return 1 / (1 + Math.Exp(-logit));
    }

    private IReadOnlyList<string> Explain(FraudModel? model, in TransactionInput input, CardProfile? profile, in FeatureVector vector, in Evidence evidence, double detector, string category)
    {
        IReadOnlyList<string> own = ExplanationBuilder.Build(in input, profile, _priors, in vector, in evidence, detector, _options.MaxReasons);
        if (model is null)
        {
            return own;
        }

        // The model's strongest reasons first, then the card's own evidence, up to the limit.
        var reasons = new List<string>(_options.MaxReasons);
        foreach ((double _, string text) in ModelExplanation.Build(model, in _lastRow, category, Math.Max(1, _options.MaxReasons - 1)))
        {
            reasons.Add(text);
        }

        foreach (string text in own)
        {
            if (reasons.Count >= _options.MaxReasons)
            {
                break;
            }

            reasons.Add(text);
        }

        return reasons;
    }

    private void ReleaseLabels()
    {
        if (_labels is null)
        {
            return;
        }

        while (_labels.TryRelease(_watermarkTicks, out bool label, out LabelExample example, out ModelRow row, out long eventTicks))
        {
            _retrainer.Add(in row, label, eventTicks);
            double unsupervised = Logit(example.Dense[FeatureVector.Length]);
            double supervised = Logit(_supervised.Predict(in example));
            _blend.Learn(Math.Clamp(unsupervised, -15, 15), Math.Clamp(supervised, -15, 15), label);
            _supervised.Learn(in example, label);
        }
    }

    private double Blend(double unsupervised, in LabelExample example)
    {
        if (_labels is null || _supervised.Positives == 0)
        {
            return unsupervised;
        }

        // How far to trust the supervised model is itself learned from released labels, up to the cap.
        double trust = _blend.SupervisedShare(_options.SupervisedWeight) * Math.Min(1, _supervised.Positives / (double)_options.MinLabelledFrauds);
        double supervised = _supervised.Predict(in example);
        double logit = ((1 - trust) * Logit(unsupervised)) + (trust * Logit(supervised));
        return 1 / (1 + Math.Exp(-logit));
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-9, 1 - 1e-9);
        return Math.Log(p / (1 - p));
    }

    private TransactionInput Describe(EnrichedTransaction transaction, in RawFeatures features)
    {
        double amount = Math.Max(0.01, Math.Abs((double)transaction.Amount));
        double? distance = features.DistanceFromHomeKm ?? transaction.DistanceFromHomeKm;
        DateTime time = transaction.EventTime.UtcDateTime;
        int category = _priors.CategoryIndex(transaction.SourceCategory ?? transaction.Category);
        return new TransactionInput(
            transaction.EventTime.UtcTicks,
            amount,
            Math.Log(amount),
            distance,
            distance is { } km ? Math.Log(1 + Math.Max(0, km)) : null,
            time.Hour,
            time.Minute,
            category,
            StableHash.Of(transaction.Merchant));
    }

    private static void DetectorPoint(in FeatureVector f, Span<float> point)
    {
        point[0] = Squash(f[FeatureVector.AmountZCard], 2);
        point[1] = Squash(f[FeatureVector.AmountZCategory], 2);
        point[2] = Math.Clamp(f[FeatureVector.HourSurprise] / 8, 0, 1);
        point[3] = Math.Clamp(f[FeatureVector.CategorySurprise] / 8, 0, 1);
        point[4] = Math.Clamp(f[FeatureVector.LogDistance] / 8, 0, 1);
        point[5] = Math.Min(f[FeatureVector.Count1Hour], 8) / 8;
        point[6] = Math.Min(f[FeatureVector.Count24Hours], 8) / 8;
        point[7] = Math.Clamp(f[FeatureVector.LogHoursSincePrevious] / 7, 0, 1);
        point[8] = f[FeatureVector.HourOfDay];
        point[9] = Math.Clamp(f[FeatureVector.Spend24HoursRatio] / 6, 0, 1);
    }

    private static float Squash(float value, float scale) => ((value / (Math.Abs(value) + scale)) + 1) / 2;

    private void Learn(string cardId, CardProfile? profile, in TransactionInput input, long ticks, double amountResidual, double ownEvidence)
    {
        if (profile is null)
        {
            profile = new CardProfile();
            _cards[cardId] = profile;
            if (_cards.Count > _options.MaxCards)
            {
                ForgetOldestCards();
            }
        }

        profile.Learn(ticks, amountResidual, input.Amount, input.LogDistance, input.Hour, input.Category, input.MerchantHash, _cardHalfLifeTicks);
        profile.NoteSuspicion(ticks, ownEvidence);
        _priors.Learn(ticks, input.Category, input.Hour, input.LogAmount, input.LogDistance);
        _cells.Learn(input.Category, input.Hour, input.LogAmount, ticks);
    }

    private void ForgetOldestCards()
    {
        long[] seen = new long[_cards.Count];
        int i = 0;
        foreach (CardProfile card in _cards.Values)
        {
            seen[i++] = card.LastTicks;
        }

        Array.Sort(seen);
        long cutoff = seen[seen.Length / 10];
        foreach (KeyValuePair<string, CardProfile> card in _cards)
        {
            if (card.Value.LastTicks <= cutoff && card.Value.Count > 0)
            {
                _cards.Remove(card.Key);
            }
        }
    }
}
