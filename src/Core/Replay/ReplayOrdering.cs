using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Replay;

/// <summary>Puts events in event-time order, as they would have arrived live.</summary>
public static class ReplayOrdering
{
    /// <summary>
    /// Reads everything, hands dead letters to <paramref name="deadLetter"/> and returns the events
    /// sorted by event time (stable: ties keep file order). Holds the file in memory.
    /// </summary>
    public static List<TransactionEvent> ByEventTime(IEnumerable<ReadOutcome> input, Action<DeadLetter> deadLetter)
    {
        var events = new List<TransactionEvent>();
        bool ordered = true;
        foreach (ReadOutcome outcome in input)
        {
            if (outcome.Event is { } e)
            {
                ordered &= events.Count == 0 || events[^1].EventTime <= e.EventTime;
                events.Add(e);
            }
            else
            {
                deadLetter(outcome.DeadLetter!);
            }
        }

        if (!ordered)
        {
            // List.Sort is not stable; OrderBy is.
            events = events.OrderBy(e => e.EventTime).ToList();
        }

        return events;
    }
}
