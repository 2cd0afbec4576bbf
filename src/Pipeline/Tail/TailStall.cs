namespace StreamGuard.Pipeline.Tail;

/// <summary>One step of the pipeline that took at least <see cref="LatencyTail.StallMs"/>: what it was, how long, and how much of it the GC paused.</summary>
/// <param name="Kind">stage:NAME, capture:NAME (state captured at a barrier), sink:NAME, checkpoint, state_save, commit.</param>
/// <param name="Ms">How long the step took.</param>
/// <param name="GcMs">GC pause time inside the step (every thread stops for it).</param>
/// <param name="AtSeconds">When the step ended, in seconds from the pipeline's start.</param>
public sealed record TailStall(string Kind, double Ms, double GcMs, double AtSeconds);
