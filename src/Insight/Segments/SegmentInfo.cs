namespace StreamGuard.Insight.Segments;

/// <summary>A segment as people read it: its name, size and centre in plain units.</summary>
public sealed record SegmentInfo(int Index, string Name, int Customers, double AverageAmount, double TransactionsPerWeek, IReadOnlyDictionary<string, double> Shares);
