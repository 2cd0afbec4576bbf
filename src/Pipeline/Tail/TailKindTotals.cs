namespace StreamGuard.Pipeline.Tail;

/// <summary>The stalls of one kind over a run.</summary>
/// <param name="Count">Steps of this kind that took at least <see cref="LatencyTail.StallMs"/>.</param>
/// <param name="Seconds">Their time together.</param>
/// <param name="MaxMs">The longest one.</param>
/// <param name="GcSeconds">GC pause time inside them.</param>
public sealed record TailKindTotals(long Count, double Seconds, double MaxMs, double GcSeconds);
