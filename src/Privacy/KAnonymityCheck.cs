namespace StreamGuard.Privacy;

/// <summary>
/// Counts the equivalence classes of the person-level quasi-identifiers every released row carries (age band,
/// home state, 3-digit zip, home grid cell). A class is sized in people, not rows: a hundred purchases of one
/// person hide nobody. Memory grows with the (class, customer) pairs, not with the rows.
/// </summary>
public sealed class KAnonymityCheck
{
    /// <summary>The class size aimed at: 5, a common floor for released microdata.</summary>
    public const int DefaultK = 5;

    /// <summary>The published fields (JSON names) the classes are formed on.</summary>
    public static readonly IReadOnlyList<string> QuasiIdentifiers = ["age_band", "home_state", "home_zip3", "home_cell"];

    private readonly int _k;
    private readonly Dictionary<string, Dictionary<string, long>> _classes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _customers = new(StringComparer.Ordinal);
    private long _rows;

    public KAnonymityCheck(int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _k = k;
    }

    /// <summary>Adds <paramref name="rows"/> transactions of one customer with these quasi-identifier values (null: absent).</summary>
    public void Add(string customerId, string? ageBand, string? state, string? zip3, string? cell, long rows = 1)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        // A unit separator cannot occur in the values (bands, state codes, digits, cell labels).
        string key = string.Join('\u001f', ageBand ?? "", state ?? "", zip3 ?? "", cell ?? "");
        if (!_classes.TryGetValue(key, out Dictionary<string, long>? members))
        {
            members = new Dictionary<string, long>(StringComparer.Ordinal);
            _classes[key] = members;
        }

        members[customerId] = members.GetValueOrDefault(customerId) + rows;
        _customers.Add(customerId);
        _rows += rows;
    }

    public KAnonymityReport Report()
    {
        long smallest = 0;
        long classesBelow = 0;
        long rowsBelow = 0;
        var customersBelow = new HashSet<string>(StringComparer.Ordinal);
        foreach (Dictionary<string, long> members in _classes.Values)
        {
            smallest = smallest == 0 ? members.Count : Math.Min(smallest, members.Count);
            if (members.Count < _k)
            {
                classesBelow++;
                rowsBelow += members.Values.Sum();
                customersBelow.UnionWith(members.Keys);
            }
        }

        return new KAnonymityReport(_k, QuasiIdentifiers, _customers.Count, _rows, _classes.Count, smallest, classesBelow, customersBelow.Count, rowsBelow);
    }
}
