namespace StreamGuard.Insight.Segments;

/// <summary>A customer's segment (by name) as of one batch.</summary>
public sealed record CustomerSegment(string CustomerId, string Segment);
