using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Stages;

/// <summary>
/// Adds each batch's spending to tumbling event-time windows: per category per minute and per
/// day, and per customer per day. The batch carries the changes; sinks add them up idempotently.
/// </summary>
public sealed class AggregateStage : IPipelineStage
{
    public const string CategoryKey = "category";
    public const string CustomerKey = "customer";
    private readonly Dictionary<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)> _deltas = [];

    public string Name => "aggregate";

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Add(_deltas, item.Output!);
            }
        }

        Drain(_deltas, batch.WindowDeltas);
    }

    /// <summary>The window changes a set of transactions makes (the same code the stage runs).</summary>
    public static List<WindowTotal> Deltas(IEnumerable<EnrichedTransaction> transactions)
    {
        var deltas = new Dictionary<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)>();
        foreach (EnrichedTransaction t in transactions)
        {
            Add(deltas, t);
        }

        var result = new List<WindowTotal>(deltas.Count);
        Drain(deltas, result);
        return result;
    }

    private static void Add(Dictionary<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)> deltas, EnrichedTransaction t)
    {
        if (t.Change != ChangeKind.Added)
        {
            return;
        }

        long ticks = t.EventTime.UtcTicks;
        long day = ticks - (ticks % TimeSpan.TicksPerDay);
        Add(deltas, (WindowNames.Minute, ticks - (ticks % TimeSpan.TicksPerMinute), CategoryKey, t.Category), t.Amount);
        Add(deltas, (WindowNames.Day, day, CategoryKey, t.Category), t.Amount);
        Add(deltas, (WindowNames.Day, day, CustomerKey, t.CustomerId), t.Amount);
    }

    private static void Add(Dictionary<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)> deltas, (string, long, string, string) key, decimal amount)
    {
        deltas.TryGetValue(key, out (long Count, decimal Amount) v);
        deltas[key] = (v.Count + 1, v.Amount + amount);
    }

    private static void Drain(Dictionary<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)> deltas, List<WindowTotal> into)
    {
        foreach (KeyValuePair<(string Window, long Start, string KeyKind, string Key), (long Count, decimal Amount)> d in deltas)
        {
            into.Add(new WindowTotal(d.Key.Window, new DateTimeOffset(d.Key.Start, TimeSpan.Zero), d.Key.KeyKind, d.Key.Key, d.Value.Count, d.Value.Amount));
        }

        deltas.Clear();
    }
}
