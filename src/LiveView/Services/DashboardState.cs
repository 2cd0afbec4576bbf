using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.LiveView.Models;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>What the dashboard has seen so far, built from live updates; read by the broadcaster, new viewers and the API.</summary>
public sealed partial class DashboardState
{
    private readonly Lock _lock = new();
    private readonly LinkedList<RecentTransaction> _recent = new();
    private readonly LinkedList<RecentAlert> _alerts = new();
    private readonly Queue<(long Timestamp, long Processed)> _rate = new();
    private readonly long[] _scores = new long[LiveUpdate.ScoreBuckets];
    private readonly int _keep;
    private readonly TimeProvider _time;
    private long _processed;
    private long _deadLettered;
    private long _alertCount;
    private long _lateEvents;
    private string? _latest;
    private string? _first;
    private double? _threshold;
    private PopulationRelease? _population;
    private PrivacyBanner _privacy = new("(starting)", false, 0);
    private PrivateCategoryReport? _released;
    private VerdictTotals _verdicts = new(0, 0, 0);

    public DashboardState(int keep, TimeProvider time)
    {
        _keep = keep;
        _time = time;
    }

    public long DroppedUpdates { get; set; }

    /// <param name="released">The category chart's fallback source before any population release: DP releases of closed windows, never the exact totals.</param>
    public void SetPrivacy(PrivacyBanner privacy, PrivateCategoryReport? released = null)
    {
        lock (_lock)
        {
            _privacy = privacy;
            _released = released;
        }
    }

    public void SetVerdicts(VerdictTotals totals)
    {
        lock (_lock)
        {
            _verdicts = totals;
        }
    }

    public void Apply(LiveUpdate update)
    {
        lock (_lock)
        {
            _processed += update.Processed;
            _deadLettered += update.DeadLettered;
            _alertCount += update.Alerts.Count;
            _lateEvents += update.LateEvents;
            _threshold = update.AlertThreshold ?? _threshold;
            _population = update.Population ?? _population;
            if (update.ShardId is { } shard && update.LastSequenceNumber is { Length: > 0 } position)
            {
                _positions[shard] = position;
            }

            if (update.LatencyMs is double latency)
            {
                AddLatency(latency);
            }

            for (int i = 0; i < update.ScoreHistogram.Count && i < _scores.Length; i++)
            {
                _scores[i] += update.ScoreHistogram[i];
            }

            for (int i = update.Recent.Count - 1; i >= 0; i--)
            {
                EnrichedTransaction t = update.Recent[i];
                string card = CardLabel(t.CardId, t.CardLast4);
                Push(_recent, new RecentTransaction(t.TransactionId, Time(t.EventTime), t.Merchant, t.Category, t.Amount,
                    card, Short(t.CustomerId), Math.Round(t.FraudScore, 3), t.FraudAlert));
                RememberCard(t.CardId, card);
                _latest = Time(t.EventTime);
                _first = Earliest(_first, _latest);
            }

            foreach (Alert a in update.Alerts)
            {
                Push(_alerts, new RecentAlert(a.AlertId, a.Type, a.Severity, Time(a.EventTime), a.Message));
                _first = Earliest(_first, Time(a.EventTime));
                AddToCase(a);
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
            SampleHealth(now);
            return new DashboardFrame(
                _processed, _deadLettered, _alertCount, Math.Round(rate, 1), _latest,
                _released?.ReleasedTotals().Select(c => new CategoryTotal(c.Category, c.Count, c.Amount)).ToArray() ?? [],
                _recent.OrderByDescending(t => t.EventTime, StringComparer.Ordinal).ToArray(), _alerts.ToArray(),
                _released is null ? _privacy : _privacy with { EpsilonSpent = Math.Round(_released.Ledger.EpsilonSpent, 3), Releases = _released.ReleasedThisRun },
                DroppedUpdates)
            {
                Cases = CasesLocked(null, null, null, FrameCases),
                Population = _population,
                AlertThreshold = _threshold,
                ScoreHistogram = [.. _scores],
                Health = [.. _health],
                ShardLag = _lag,
                LateEvents = _lateEvents,
                FirstEventTime = _first,
                Verdicts = _verdicts,
            };
        }
    }

    /// <summary>The health series alone (the /api/health answer).</summary>
    public IReadOnlyList<HealthPoint> Health()
    {
        lock (_lock)
        {
            return [.. _health];
        }
    }

    public double? AlertThreshold
    {
        get
        {
            lock (_lock)
            {
                return _threshold;
            }
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

    private static string Earliest(string? a, string b) => a is null || string.CompareOrdinal(b, a) < 0 ? b : a;

    internal static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    internal static string Short(string id) => id[..Math.Min(12, id.Length)];

    internal static string CardLabel(string cardId, string? last4) => last4 is null ? Short(cardId) : "•••• " + last4;
}
