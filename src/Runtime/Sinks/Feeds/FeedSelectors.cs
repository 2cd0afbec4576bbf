using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Segments;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>What each output takes from a batch, and the event time that partitions each line.</summary>
public static class FeedSelectors
{
    /// <summary>The privacy-safe transactions (the encode stage's bytes when it ran), by event time.</summary>
    public static void Archive(FeedView view, FeedBuffer buffer)
    {
        IReadOnlyList<PipelineItem> items = view.Batch.Items;
        for (int i = view.First; i < items.Count; i++)
        {
            PipelineItem item = items[i];
            if (item.IsLive && !item.OutputJson.IsEmpty)
            {
                buffer.AppendEncoded(item.Output!.EventTime, item.OutputJson.Span);
            }
            else if (item.IsLive)
            {
                buffer.Append(item.Output!.EventTime, item.Output, CoreJsonContext.Default.EnrichedTransaction);
            }
        }
    }

    /// <summary>Dead letters with their reason and their payload sealed (it may hold personal data), by arrival time: they have no readable event time.</summary>
    public static FeedSelector DeadLetters(DeadLetterProtector protector) => (view, buffer) =>
    {
        IReadOnlyList<PipelineItem> items = view.Batch.Items;
        for (int i = view.First; i < items.Count; i++)
        {
            if (items[i].DeadLetter is { } d)
            {
                buffer.Append(items[i].Record.ApproximateArrivalTimestamp, d with { Payload = protector.Seal(d.Payload) }, CoreJsonContext.Default.DeadLetter);
            }
        }
    };

    public static void Alerts(FeedView view, FeedBuffer buffer)
    {
        foreach (Alert alert in view.Batch.Alerts)
        {
            if (view.IsNew(alert.TransactionId))
            {
                buffer.Append(alert.EventTime, alert, CoreJsonContext.Default.Alert);
            }
        }
    }

    public static void Duplicates(FeedView view, FeedBuffer buffer)
    {
        foreach (Alert alert in view.Batch.Alerts)
        {
            if (alert.Type == AlertTypes.DuplicateSuspected && view.IsNew(alert.TransactionId))
            {
                buffer.Append(alert.EventTime, alert, CoreJsonContext.Default.Alert);
            }
        }
    }

    public static void LateEvents(FeedView view, FeedBuffer buffer)
    {
        foreach (LateEvent late in view.Batch.Read<LateEvent>())
        {
            if (view.IsNew(late.TransactionId))
            {
                buffer.Append(late.EventTime, late, WindowJsonContext.Default.LateEvent);
            }
        }
    }

    /// <summary>Budget standings as of the batch, in the partition of the batch's first new event (they belong to no single transaction).</summary>
    public static void Budgets(FeedView view, FeedBuffer buffer)
    {
        foreach (BudgetStatus status in view.Batch.Read<BudgetStatus>())
        {
            buffer.Append(view.BatchTime, status, FeedJsonContext.Default.BudgetStatus);
        }
    }

    /// <summary>Segments as of the batch, in the partition of the batch's first new event.</summary>
    public static void Segments(FeedView view, FeedBuffer buffer)
    {
        foreach (CustomerSegment segment in view.Batch.Read<CustomerSegment>())
        {
            buffer.Append(view.BatchTime, segment, FeedJsonContext.Default.CustomerSegment);
        }
    }
}
