namespace StreamGuard.Insight.Windows;

/// <summary>Count and total of a key's events in a sliding window ending at the event just observed.</summary>
public readonly record struct VelocityStats(int Count, decimal Amount);
