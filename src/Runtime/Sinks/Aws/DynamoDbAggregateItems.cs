using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Core.Model;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The aggregates table's item layout: one counter item holds many window keys as attributes, so a
/// batch costs one conditional <c>UpdateItem</c> per item it touches, not one per (window, start, key).
/// An item is one (window, key kind, page) and, for customer keys, one hash bucket of customers:
/// <c>pk</c> = "window|key kind|page start" (<see cref="DynamoDbSink.AggregatePartition"/>), <c>sk</c> =
/// "all" (category keys) or "bNNN" (customer keys, <see cref="AwsSinkOptions.CustomerCounterBuckets"/>
/// buckets). A minute window's page is <see cref="MinutePage"/> long (ten minutes share an item), every
/// other window's page is the window itself. Each key is two number attributes,
/// <c>n|&lt;window start&gt;|&lt;key&gt;</c> (transactions) and <c>a|&lt;window start&gt;|&lt;key&gt;</c> (amount),
/// the window start as yyyy-MM-ddTHH:mm UTC. The item's <c>seq_&lt;shard&gt;</c> marks
/// (<see cref="ShardGuardedCounters"/>) guard all its keys at once.
/// </summary>
public static class DynamoDbAggregateItems
{
    public const string CountPrefix = "n|";
    public const string AmountPrefix = "a|";
    public const string AllKeys = "all";

    /// <summary>How much event time one minute-window item spans: small enough that an item stays a few KB at full rate (write units grow with item size).</summary>
    public static readonly TimeSpan MinutePage = TimeSpan.FromMinutes(10);

    private const string StartFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>The start of the item (page) holding a window that starts at <paramref name="start"/>.</summary>
    public static DateTimeOffset PageStart(string window, DateTimeOffset start)
    {
        if (window != WindowNames.Minute)
        {
            return start;
        }

        long ticks = start.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % MinutePage.Ticks), TimeSpan.Zero);
    }

    /// <summary>The item's sort key: one item for all categories, a stable hash bucket for customers.</summary>
    public static string SortKey(string keyKind, string key, int customerBuckets) =>
        keyKind == WindowKeyKinds.Customer
            ? "b" + (StableHash(key) % (uint)customerBuckets).ToString("D3", CultureInfo.InvariantCulture)
            : AllKeys;

    /// <summary>The suffix shared by a key's two attributes: "window start|key".</summary>
    public static string AttributeKey(DateTimeOffset start, string key) =>
        start.UtcDateTime.ToString(StartFormat, CultureInfo.InvariantCulture) + "|" + key;

    /// <summary>Every window total an aggregates item holds (readers: tests, tools), whatever its page or bucket.</summary>
    public static IEnumerable<WindowTotal> Read(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string window = item["window"].S;
        string keyKind = item["key_kind"].S;
        foreach ((string name, AttributeValue value) in item)
        {
            if (!name.StartsWith(CountPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            string suffix = name[CountPrefix.Length..];
            int bar = suffix.IndexOf('|', StringComparison.Ordinal);
            var start = new DateTimeOffset(DateTime.ParseExact(suffix[..bar], StartFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
            decimal amount = item.TryGetValue(AmountPrefix + suffix, out AttributeValue? a) ? decimal.Parse(a.N, CultureInfo.InvariantCulture) : 0m;
            yield return new WindowTotal(window, start, keyKind, suffix[(bar + 1)..], long.Parse(value.N, CultureInfo.InvariantCulture), amount);
        }
    }

    // FNV-1a over the key's UTF-16 code units: string.GetHashCode differs per process, and a bucket must
    // not move between a crash and its replay (the item's shard mark is what keeps a replay from counting twice).
    private static uint StableHash(string key)
    {
        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
