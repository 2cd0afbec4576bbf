using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamGuard.Plaid;

/// <summary>Plaid client and sync metrics (meter "StreamGuard.Plaid").</summary>
public sealed class PlaidMetrics : IDisposable
{
    public const string MeterName = "StreamGuard.Plaid";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rounds;
    private readonly Counter<long> _restarts;
    private readonly Counter<long> _changes;

    public PlaidMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("streamguard.plaid.requests", "{request}", "Plaid API attempts by endpoint and outcome (ok, retry, error)");
        _duration = _meter.CreateHistogram<double>("streamguard.plaid.request.duration", "ms", "Plaid API attempt duration");
        _rounds = _meter.CreateCounter<long>("streamguard.plaid.sync.rounds", "{round}", "Sync rounds by outcome (committed, failed)");
        _restarts = _meter.CreateCounter<long>("streamguard.plaid.sync.restarts", "{restart}", "Rounds restarted after TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION");
        _changes = _meter.CreateCounter<long>("streamguard.plaid.sync.changes", "{change}", "Committed changes by kind (added, modified, removed, dead_letter)");
    }

    /// <summary>Used when a client is built by hand, without DI.</summary>
    internal static PlaidMetrics Shared { get; } = new();

    public void Request(string endpoint, string outcome, double milliseconds)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _duration.Record(milliseconds, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    public void Round(string outcome) => _rounds.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Restarted() => _restarts.Add(1);

    public void Committed(int added, int modified, int removed, int deadLetters)
    {
        _changes.Add(added, new KeyValuePair<string, object?>("kind", "added"));
        _changes.Add(modified, new KeyValuePair<string, object?>("kind", "modified"));
        _changes.Add(removed, new KeyValuePair<string, object?>("kind", "removed"));
        _changes.Add(deadLetters, new KeyValuePair<string, object?>("kind", "dead_letter"));
    }

    public void Dispose() => _meter.Dispose();
}
