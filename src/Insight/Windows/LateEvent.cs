using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// An event that could not update some of its windows because they had already closed (or a
/// correction of a transaction no longer held). It is published on the batch's results
/// and counted, never dropped in silence.
/// </summary>
public sealed record LateEvent(string TransactionId, DateTimeOffset EventTime, DateTimeOffset Watermark, string Windows, string Reason);
