using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// The part of a batch an output has not written yet: the records from <see cref="First"/> on. When a
/// batch straddles what was written before a crash, results tied to a transaction (alerts, late events)
/// are kept for the new records only.
/// </summary>
public sealed class FeedView
{
    private readonly HashSet<string> _newIds = new(StringComparer.Ordinal);

    public RecordBatch Batch { get; private set; } = null!;

    public int First { get; private set; }

    /// <summary>Every record of the batch is new to the output.</summary>
    public bool Whole => First == 0;

    /// <summary>The event time of the batch's first new record (its arrival when it has no event): where batch-level results go.</summary>
    public DateTimeOffset BatchTime { get; private set; }

    internal void Reset(RecordBatch batch, int first)
    {
        Batch = batch;
        First = first;
        _newIds.Clear();
        BatchTime = batch.Items[first].Record.ApproximateArrivalTimestamp;
        for (int i = batch.Items.Count - 1; i >= first; i--)
        {
            if (batch.Items[i].Output is { } t)
            {
                BatchTime = t.EventTime;
                if (first > 0)
                {
                    _newIds.Add(t.TransactionId);
                }
            }
        }
    }

    /// <summary>True when a result of <paramref name="transactionId"/> (null: of no transaction) belongs to what is new.</summary>
    public bool IsNew(string? transactionId) => Whole || transactionId is null || _newIds.Contains(transactionId);
}
