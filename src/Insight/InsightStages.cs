using System.Diagnostics.Metrics;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Categorization;
using StreamGuard.Insight.Duplicates;
using StreamGuard.Pipeline;
using StreamGuard.Insight.Segments;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight;

/// <summary>
/// The spending-insight stages built from one <see cref="InsightOptions"/>, their counters as
/// metrics (meter "StreamGuard.Insight") and as a summary. Place <see cref="Categorize"/> where
/// categories are needed (before scoring); the others after it, as separate stages or as one
/// <see cref="CompositeStage"/> (fewer channel hops).
/// </summary>
public sealed class InsightStages : IDisposable
{
    public const string MeterName = "StreamGuard.Insight";
    private readonly Meter _meter;

    /// <param name="options">Settings of every stage.</param>
    /// <param name="shards">Shards feeding the pipeline: the window watermark waits for all of them.</param>
    /// <param name="meterFactory">Where the metrics go; a private meter when null.</param>
    /// <remarks>The settings are checked once, where they are bound (<see cref="InsightOptions.Validate"/>), not here.</remarks>
    public InsightStages(InsightOptions options, int shards = 1, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Categorize = new MerchantCategoryStage(options.Categorization);
        Windows = new WindowStage(shards > options.Windows.ExpectedShards ? options.Windows.WithExpectedShards(shards) : options.Windows);
        Budgets = new BudgetStage(options.Budgets);
        Segments = new SegmentStage(options.Segments);
        Duplicates = new DuplicateStage(options.Duplicates);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        WindowCounters w = Windows.Aggregator.Counters;
        _meter.CreateObservableCounter("streamguard.windows.closed", () => w.WindowsClosed, "{window}", "Window results finalised");
        _meter.CreateObservableCounter("streamguard.windows.deltas", () => w.DeltasEmitted, "{delta}", "Window changes published");
        _meter.CreateObservableCounter("streamguard.windows.late_events", () => w.LateEvents, "{event}", "Events sent to the late-events output");
        _meter.CreateObservableCounter("streamguard.windows.late_updates", () => w.LateUpdates, "{event}", "Late events that still updated their window");
        _meter.CreateObservableCounter("streamguard.windows.corrections", () => w.Corrections, "{event}", "Corrections applied to windows");
        BudgetCounters b = Budgets.Tracker.Counters;
        _meter.CreateObservableCounter("streamguard.budgets.alerts", () => b.Alerts, "{alert}", "Budget alerts raised");
        DuplicateDetector d = Duplicates.Detector;
        _meter.CreateObservableCounter("streamguard.duplicates", () => d.Duplicates, "{alert}", "Suspected duplicate charges");
        CategorizationCounters c = Categorize.Counters;
        _meter.CreateObservableCounter("streamguard.categorization.classified", () => c.Classified, "{transaction}", "Transactions categorised from merchant text");
    }

    public MerchantCategoryStage Categorize { get; }
    public WindowStage Windows { get; }
    public BudgetStage Budgets { get; }
    public SegmentStage Segments { get; }
    public DuplicateStage Duplicates { get; }

    /// <summary>
    /// Windows (optionally), budgets, duplicates and segments as one stage (one task, one channel
    /// hop). Leave windows out while another stage publishes the same window deltas.
    /// </summary>
    public CompositeStage AfterScoring(bool includeWindows = true) =>
        includeWindows ? new("insight", Windows, Budgets, Duplicates, Segments) : new("insight", Budgets, Duplicates, Segments);

    /// <summary>Totals for the run summary. Segment sizes are read from the segment stage's state: call it once the pipeline has stopped.</summary>
    public InsightSummary Summary()
    {
        WindowCounters w = Windows.Aggregator.Counters;
        return new InsightSummary
        {
            WindowsEmitted = w.WindowsClosed,
            WindowDeltas = w.DeltasEmitted,
            LateEvents = w.LateEvents,
            LateUpdates = w.LateUpdates,
            Corrections = w.Corrections,
            UnmatchedCorrections = w.UnmatchedCorrections,
            BudgetAlerts = Budgets.Tracker.Counters.ThresholdAlerts,
            ForecastAlerts = Budgets.Tracker.Counters.ForecastAlerts,
            Duplicates = Duplicates.Detector.Duplicates,
            Classified = Categorize.Counters.Classified,
            LowConfidence = Categorize.Counters.LowConfidence,
            ClassifierTrainingExamples = Categorize.Model.TrainingExamples,
            SegmentSizes = Segments.Segmenter.Sizes(),
        };
    }

    public void Dispose() => _meter.Dispose();
}
