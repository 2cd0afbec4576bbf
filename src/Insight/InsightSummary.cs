namespace StreamGuard.Insight;

/// <summary>The spending-insight part of the <c>run --json</c> summary.</summary>
public sealed record InsightSummary
{
    public long WindowsEmitted { get; init; }
    public long WindowDeltas { get; init; }
    public long LateEvents { get; init; }
    public long LateUpdates { get; init; }
    public long Corrections { get; init; }
    public long UnmatchedCorrections { get; init; }
    public long BudgetAlerts { get; init; }
    public long ForecastAlerts { get; init; }
    public long Duplicates { get; init; }
    public long Classified { get; init; }
    public long LowConfidence { get; init; }
    public long ClassifierTrainingExamples { get; init; }
    public IReadOnlyDictionary<string, int> SegmentSizes { get; init; } = new Dictionary<string, int>();
}
