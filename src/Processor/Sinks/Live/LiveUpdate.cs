using StreamGuard.Core.Model;

namespace StreamGuard.Processor.Sinks.Live;

/// <summary>What one processed batch shows a live viewer: a few recent transactions, alerts and category changes.</summary>
public sealed record LiveUpdate(
    int Processed,
    int DeadLettered,
    IReadOnlyList<EnrichedTransaction> Recent,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<WindowTotal> CategoryDays);
