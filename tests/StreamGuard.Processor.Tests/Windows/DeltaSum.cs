using StreamGuard.Core.Model;

namespace StreamGuard.Processor.Tests.Windows;

/// <summary>What an additive sink holds after applying deltas.</summary>
internal sealed class DeltaSum
{
    private readonly Dictionary<(string Window, DateTimeOffset Start, string KeyKind, string Key), (long Count, decimal Amount)> _totals = [];

    public void Add(IEnumerable<WindowTotal> deltas)
    {
        foreach (WindowTotal d in deltas)
        {
            var key = (d.Window, d.Start, d.KeyKind, d.Key);
            (long count, decimal amount) = _totals.GetValueOrDefault(key);
            _totals[key] = (count + d.Count, amount + d.Amount);
        }
    }

    public (long Count, decimal Amount) Get(string window, DateTimeOffset start, string keyKind, string key) =>
        _totals.GetValueOrDefault((window, start, keyKind, key));

    public IReadOnlyList<string> NonZero() =>
        [.. _totals.Where(t => t.Value != (0, 0m)).Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal)];
}
