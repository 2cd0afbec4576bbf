namespace StreamGuard.Core.Resilience;

/// <summary>Every entry's last result in request order, how many still failed, and how many calls were made.</summary>
public sealed record PartialBatchOutcome<TResult>(IReadOnlyList<TResult> Results, int StillFailing, int Attempts);
