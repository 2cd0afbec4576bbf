namespace StreamGuard.Core.Cli;

/// <summary>Where a long piece of work stands: records done (of a total if known), event-time position, losses and alerts so far.</summary>
public sealed record ProgressSnapshot(long Done, long? Total = null, DateTimeOffset? EventTime = null, long? DeadLetters = null, long? Alerts = null);
