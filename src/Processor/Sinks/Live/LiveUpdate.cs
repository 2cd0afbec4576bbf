using StreamGuard.Core.Model;
using StreamGuard.Processor.Privacy.Differential;

namespace StreamGuard.Processor.Sinks.Live;

/// <summary>What one processed batch shows a live viewer: a few recent transactions, alerts and category changes.</summary>
public sealed record LiveUpdate(
    int Processed,
    int DeadLettered,
    IReadOnlyList<EnrichedTransaction> Recent,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<WindowTotal> CategoryDays)
{
    /// <summary>The latest differentially private population release, when one was made with this batch.</summary>
    public PopulationRelease? Population { get; init; }
}
