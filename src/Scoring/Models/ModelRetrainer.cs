using System.Globalization;
using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Scoring.Models;

/// <summary>
/// Keeps the fraud model fresh: matured labelled rows (all frauds, sampled non-frauds) go into a
/// bounded buffer; on a schedule (every N new labelled frauds or every D days of event time) a new
/// model is trained in the background on a copy of it, and swapped in whole between two events
/// only if it validates at least as well as the model in use on the newest 20 % of the buffer (and,
/// for the first model, better than the unsupervised score). Scoring never waits for training
/// unless <see cref="ScoringOptions.RetrainSwapAfterEvents"/> asks for a reproducible swap point.
/// </summary>
internal sealed class ModelRetrainer
{
    private const int MinValidationFrauds = 30;

    /// <summary>PR-AUC a retrained model must gain over the model in use to replace it.</summary>
    internal const double MinGain = 0.02;

    private readonly ScoringOptions _options;
    private readonly FraudModelTrainer _trainer;
    private readonly LabelledRing _frauds;
    private readonly LabelledRing _negatives;
    private FraudModel? _model;
    private Task<Outcome>? _pending;
    private long _pendingStartedAt;
    private long _fraudsSinceStart;
    private long _lastStartTicks = long.MinValue;

    public ModelRetrainer(ScoringOptions options, FraudModel? initial)
    {
        _options = options;
        _trainer = new FraudModelTrainer(new FraudModelTrainerSettings(Trees: options.RetrainTrees, Seed: options.Seed));
        int fraudCapacity = Math.Max(1, options.RetrainBufferSize / 5);
        _frauds = new LabelledRing(fraudCapacity);
        _negatives = new LabelledRing(Math.Max(1, options.RetrainBufferSize - fraudCapacity));
        _model = initial;
    }

    public FraudModel? Model => Volatile.Read(ref _model);

    public long Retrains { get; private set; }

    public long Rejected { get; private set; }

    public long Failures { get; private set; }

    public string? LastFailure { get; private set; }

    public int BufferedFrauds => _frauds.Count;

    public int BufferedRows => _frauds.Count + _negatives.Count;

    public bool Training => _pending is not null;

    public void Add(in ModelRow row, bool label, long ticks)
    {
        if (label)
        {
            _frauds.Add(in row, ticks);
            _fraudsSinceStart++;
        }
        else
        {
            _negatives.Add(in row, ticks);
        }
    }

    /// <summary>Called before each event: takes in a finished model, and starts training when one is due.</summary>
    public void Tick(long eventIndex, long watermarkTicks)
    {
        if (_pending is { } pending)
        {
            bool due = _options.RetrainSwapAfterEvents > 0 && eventIndex >= _pendingStartedAt + _options.RetrainSwapAfterEvents;
            if (!pending.IsCompleted && !due)
            {
                return;
            }

            Adopt(pending);
        }

        if (!_options.Retrain || (_model is null && !_options.RetrainFromNothing) || _frauds.Count < _options.MinFraudsToRetrain || _negatives.Count < _options.MinFraudsToRetrain)
        {
            return;
        }

        bool enoughFrauds = _fraudsSinceStart >= _options.RetrainEveryFrauds;
        bool enoughTime = _fraudsSinceStart > 0 && _lastStartTicks != long.MinValue && watermarkTicks - _lastStartTicks >= _options.RetrainEvery.Ticks;
        if (enoughFrauds || enoughTime || (_lastStartTicks == long.MinValue && _model is null))
        {
            Start(eventIndex, watermarkTicks);
        }
    }

    /// <summary>Waits for a training in flight and takes its outcome in, so a snapshot holds a settled state.</summary>
    public void Settle()
    {
        if (_pending is { } pending)
        {
            Adopt(pending);
        }
    }

    /// <summary>A shared model version was adopted: its trained model (or none) replaces the one in use; the buffer stays.</summary>
    public void UseShared(FraudModel? model)
    {
        Settle();
        Volatile.Write(ref _model, model);
    }

    private void Start(long eventIndex, long watermarkTicks)
    {
        var set = new TrainingSet();
        _frauds.CopyTo(set, label: true, weight: 1);
        // Non-frauds were sampled: each stands for 1/rate of them, so every model sees the true odds.
        _negatives.CopyTo(set, label: false, weight: (float)(1 / _options.NegativeSampleRate));
        FraudModel? incumbent = _model;
        // Event time, not the wall clock, names the model: the same stream gives the same versions.
        var trainedAt = new DateTimeOffset(watermarkTicks, TimeSpan.Zero);
        string trainedOn = string.Create(CultureInfo.InvariantCulture, $"online retrain on {set.Count} matured labels ({set.Frauds} frauds)");
        _pendingStartedAt = eventIndex;
        _lastStartTicks = watermarkTicks;
        _fraudsSinceStart = 0;
        _pending = Task.Run(() => TrainAndJudge(set, incumbent, trainedOn, trainedAt));
    }

    private Outcome TrainAndJudge(TrainingSet set, FraudModel? incumbent, string trainedOn, DateTimeOffset trainedAt)
    {
        try
        {
            TrainedModel trained = _trainer.Train(set, trainedOn, trainedAt, _options.LabelDelay ?? TimeSpan.Zero);
            return Judge(set, trained, incumbent);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException)
        {
            return new Outcome(null, e.Message, Failed: true);
        }
    }

    private static Outcome Judge(TrainingSet set, TrainedModel trained, FraudModel? incumbent)
    {
        IReadOnlyList<int> rows = trained.ValidationRows;
        double[] candidate = new double[rows.Count];
        double[] baseline = new double[rows.Count];
        bool[] labels = new bool[rows.Count];
        int frauds = 0;
        for (int k = 0; k < rows.Count; k++)
        {
            ReadOnlySpan<float> row = set.Row(rows[k]);
            candidate[k] = trained.Model.Trees.Predict(row);
            baseline[k] = incumbent is null ? row[ModelFeatures.Unsupervised] : incumbent.Trees.Predict(row);
            labels[k] = set.Label(rows[k]);
            frauds += labels[k] ? 1 : 0;
        }

        if (frauds < MinValidationFrauds)
        {
            return new Outcome(null, $"only {frauds} frauds in the validation part; kept the model in use");
        }

        double mine = ClassificationMetrics.AveragePrecision(candidate, labels);
        double theirs = ClassificationMetrics.AveragePrecision(baseline, labels);
        // A new model must win clearly: a few validation frauds decide a close race by chance.
        bool better = incumbent is null ? mine >= theirs : mine >= theirs + MinGain;
        return better
            ? new Outcome(trained.Model, null)
            : new Outcome(null, string.Create(CultureInfo.InvariantCulture, $"did not validate clearly better ({mine:0.000} PR-AUC against {theirs:0.000}); kept the model in use"));
    }

    private void Adopt(Task<Outcome> pending)
    {
        _pending = null;
        Outcome outcome = pending.GetAwaiter().GetResult();
        if (outcome.Model is { } model)
        {
            Volatile.Write(ref _model, model);
            Retrains++;
        }
        else if (outcome.Failed)
        {
            Failures++;
            LastFailure = outcome.Reason;
        }
        else
        {
            Rejected++;
            LastFailure = outcome.Reason;
        }
    }

    public void Write(BinaryWriter writer)
    {
        Settle();
        writer.Write(_model is not null);
        _model?.Write(writer);
        writer.Write(Retrains);
        writer.Write(Rejected);
        writer.Write(Failures);
        writer.Write(_fraudsSinceStart);
        writer.Write(_lastStartTicks);
        _frauds.Write(writer);
        _negatives.Write(writer);
    }

    public void Read(BinaryReader reader)
    {
        Settle();
        _model = reader.ReadBoolean() ? FraudModel.Read(reader) : null;
        Retrains = reader.ReadInt64();
        Rejected = reader.ReadInt64();
        Failures = reader.ReadInt64();
        _fraudsSinceStart = reader.ReadInt64();
        _lastStartTicks = reader.ReadInt64();
        _frauds.Read(reader);
        _negatives.Read(reader);
    }

    private sealed record Outcome(FraudModel? Model, string? Reason, bool Failed = false);
}
