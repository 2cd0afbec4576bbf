using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.LiveView.Models;
using StreamGuard.Processor.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>What the dashboard has seen so far, built from live updates; read by the broadcaster and new viewers.</summary>
public sealed class DashboardState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Count, decimal Amount)> _categories = new(StringComparer.Ordinal);
    private readonly LinkedList<RecentTransaction> _recent = new();
    private readonly LinkedList<RecentAlert> _alerts = new();
    private readonly Queue<(long Timestamp, long Processed)> _rate = new();
    private readonly int _keep;
    private readonly TimeProvider _time;
    private long _processed;
    private long _deadLettered;
    private long _alertCount;
    private string? _latest;
    private PrivacyBanner _privacy = new("(starting)", false, 0);

    public DashboardState(int keep, TimeProvider time)
    {
        _keep = keep;
        _time = time;
    }

    public long DroppedUpdates { get; set; }

    public void SetPrivacy(PrivacyBanner privacy)
    {
        lock (_lock)
        {
            _privacy = privacy;
        }
    }

    public void Apply(LiveUpdate update)
    {
        lock (_lock)
        {
            _processed += update.Processed;
            _deadLettered += update.DeadLettered;
            _alertCount += update.Alerts.Count;
            foreach (WindowTotal w in update.CategoryDays)
            {
                _categories.TryGetValue(w.Key, out (long Count, decimal Amount) total);
                _categories[w.Key] = (total.Count + w.Count, total.Amount + w.Amount);
            }

            for (int i = update.Recent.Count - 1; i >= 0; i--)
            {
                EnrichedTransaction t = update.Recent[i];
                Push(_recent, new RecentTransaction(t.TransactionId, Time(t.EventTime), t.Merchant, t.Category, t.Amount,
                    t.CardLast4 is null ? t.CardId[..Math.Min(12, t.CardId.Length)] : "•••• " + t.CardLast4, t.CustomerId[..Math.Min(12, t.CustomerId.Length)],
                    Math.Round(t.FraudScore, 3), t.FraudAlert));
                _latest = Time(t.EventTime);
            }

            foreach (Alert a in update.Alerts)
            {
                Push(_alerts, new RecentAlert(a.AlertId, a.Type, a.Severity, Time(a.EventTime), a.Message));
            }
        }
    }

    public DashboardFrame Frame()
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _rate.Enqueue((now, _processed));
            while (_rate.Count > 2 && _time.GetElapsedTime(_rate.Peek().Timestamp, now) > TimeSpan.FromSeconds(5))
            {
                _rate.Dequeue();
            }

            (long since, long then) = _rate.Peek();
            double seconds = _time.GetElapsedTime(since, now).TotalSeconds;
            double rate = seconds > 0 ? (_processed - then) / seconds : 0;
            return new DashboardFrame(
                _processed, _deadLettered, _alertCount, Math.Round(rate, 1), _latest,
                _categories.OrderByDescending(c => c.Value.Amount).Select(c => new CategoryTotal(c.Key, c.Value.Count, c.Value.Amount)).ToArray(),
                _recent.OrderByDescending(t => t.EventTime, StringComparer.Ordinal).ToArray(), _alerts.ToArray(), _privacy, DroppedUpdates);
        }
    }

    private void Push<T>(LinkedList<T> list, T item)
    {
        list.AddFirst(item);
        if (list.Count > _keep)
        {
            list.RemoveLast();
        }
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
