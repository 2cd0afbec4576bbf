using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.LiveView.Models;

namespace StreamGuard.LiveView.Services;

/// <summary>The alert queue: alerts grouped into cases by card (by customer when an alert has no card), bounded.</summary>
public sealed partial class DashboardState
{
    /// <summary>Cases kept in memory; the oldest (by latest alert) goes first.</summary>
    public const int MaxCases = 300;

    /// <summary>Alerts kept per case.</summary>
    public const int MaxAlertsPerCase = 25;

    private const int FrameCases = 60;
    private static readonly string[] s_severities = ["low", "medium", "high", "critical"];
    private readonly Dictionary<string, CaseBuilder> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _cardLabels = new(StringComparer.Ordinal);
    private readonly Queue<string> _cardLabelOrder = new();
    private readonly Dictionary<string, string> _caseVerdicts = new(StringComparer.Ordinal);

    /// <summary>Cases matching every given filter, newest first; <paramref name="query"/> matches the card or customer pseudonym (or the card's last four).</summary>
    public IReadOnlyList<AlertCase> Cases(string? type, string? severity, string? query, int limit)
    {
        lock (_lock)
        {
            return CasesLocked(type, severity, query, limit);
        }
    }

    public AlertCase? Case(string caseId)
    {
        lock (_lock)
        {
            return _cases.TryGetValue(caseId, out CaseBuilder? c) ? c.Build(_cardLabels, _caseVerdicts) : null;
        }
    }

    /// <summary>The newest case (Card history shows it until one is chosen).</summary>
    public AlertCase? NewestCase()
    {
        lock (_lock)
        {
            AlertCase[] newest = CasesLocked(null, null, null, 1);
            return newest.Length > 0 ? newest[0] : null;
        }
    }

    /// <summary>Records the verdict shown on a case.</summary>
    public void SetCaseVerdict(string caseId, string verdict)
    {
        lock (_lock)
        {
            _caseVerdicts[caseId] = verdict;
            if (_caseVerdicts.Count > MaxCases * 4)
            {
                _caseVerdicts.Remove(_caseVerdicts.Keys.First());
            }
        }
    }

    public static string CaseIdOf(Alert a) => a.CardId is { } card ? "card:" + card : "customer:" + (a.CustomerId ?? "unknown");

    private AlertCase[] CasesLocked(string? type, string? severity, string? query, int limit) =>
        _cases.Values
            .Where(c => (string.IsNullOrEmpty(type) || c.Types.Contains(type))
                && (string.IsNullOrEmpty(severity) || c.Severity == severity)
                && (string.IsNullOrEmpty(query) || c.Matches(query, _cardLabels)))
            .OrderByDescending(c => c.LatestTicks)
            .Take(limit)
            .Select(c => c.Build(_cardLabels, _caseVerdicts))
            .ToArray();

    private void AddToCase(Alert a)
    {
        string id = CaseIdOf(a);
        if (!_cases.TryGetValue(id, out CaseBuilder? c))
        {
            if (_cases.Count >= MaxCases)
            {
                _cases.Remove(_cases.Values.MinBy(x => x.LatestTicks)!.CaseId);
            }

            c = new CaseBuilder(id, a.CardId, a.CustomerId);
            _cases[id] = c;
        }

        c.Add(a, ModelVersionOf(a));
    }

    private void RememberCard(string cardId, string label)
    {
        if (_cardLabels.TryAdd(cardId, label))
        {
            _cardLabelOrder.Enqueue(cardId);
            if (_cardLabelOrder.Count > MaxCases * 20)
            {
                _cardLabels.Remove(_cardLabelOrder.Dequeue());
            }
        }
    }

    /// <summary>The model version a fraud alert carries in its JSON ("model_version"), when the scorer sets one.</summary>
    private static string? ModelVersionOf(Alert a)
    {
        if (a.Type != AlertTypes.FraudSuspected)
        {
            return null;
        }

        JsonElement json = JsonSerializer.SerializeToElement(a, CoreJsonContext.Default.Alert);
        return json.TryGetProperty("model_version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static int Rank(string severity) => Array.IndexOf(s_severities, severity);

    private sealed class CaseBuilder(string caseId, string? cardId, string? customerId)
    {
        private readonly LinkedList<CaseAlert> _alerts = new();
        private readonly HashSet<string> _alertIds = new(StringComparer.Ordinal);
        private long _firstTicks = long.MaxValue;
        private int _count;
        private double? _topScore;
        private string? _modelVersion;

        public string CaseId { get; } = caseId;

        public long LatestTicks { get; private set; } = long.MinValue;

        public string Severity { get; private set; } = "low";

        public HashSet<string> Types { get; } = new(StringComparer.Ordinal);

        public void Add(Alert a, string? modelVersion)
        {
            if (!_alertIds.Add(a.AlertId))
            {
                return;
            }

            _count++;
            Types.Add(a.Type);
            if (Rank(a.Severity) > Rank(Severity))
            {
                Severity = a.Severity;
            }

            if (a.Type == AlertTypes.FraudSuspected && a.Score is double score)
            {
                _topScore = Math.Max(_topScore ?? 0, score);
            }

            _modelVersion = modelVersion ?? _modelVersion;
            _firstTicks = Math.Min(_firstTicks, a.EventTime.UtcTicks);
            LatestTicks = Math.Max(LatestTicks, a.EventTime.UtcTicks);
            _alerts.AddFirst(new CaseAlert(a.AlertId, a.Type, a.Severity, Time(a.EventTime), a.TransactionId, a.Amount,
                a.Score is double s ? Math.Round(s, 3) : null, a.Message, a.Reasons, modelVersion));
            if (_alerts.Count > MaxAlertsPerCase)
            {
                _alerts.RemoveLast();
            }
        }

        public bool Matches(string query, Dictionary<string, string> cardLabels) =>
            (cardId?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false)
            || (customerId?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false)
            || (cardId is not null && cardLabels.TryGetValue(cardId, out string? label) && label.EndsWith(query, StringComparison.Ordinal));

        public AlertCase Build(Dictionary<string, string> cardLabels, Dictionary<string, string> verdicts) => new(
            CaseId, cardId, cardId is null ? null : cardLabels.GetValueOrDefault(cardId) ?? Short(cardId), customerId, Severity,
            [.. Types.Order(StringComparer.Ordinal)],
            Time(new DateTimeOffset(_firstTicks, TimeSpan.Zero)), Time(new DateTimeOffset(LatestTicks, TimeSpan.Zero)), _count, _topScore,
            [.. _alerts.SelectMany(x => x.Reasons).Distinct(StringComparer.Ordinal).Take(8)], _modelVersion,
            verdicts.GetValueOrDefault(CaseId), [.. _alerts]);
    }
}
