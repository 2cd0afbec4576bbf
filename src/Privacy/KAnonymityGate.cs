using StreamGuard.Core.Model;

namespace StreamGuard.Privacy;

/// <summary>
/// Enforces k-anonymity on the rows released beyond the operator's own store (the console's live
/// frames, and whatever is derived from them): a released row keeps its person-level
/// quasi-identifiers only at the finest generalisation whose class holds at least k people seen so
/// far, and is suppressed further when no level does. Levels, finest first:
/// 0 (age band, state, zip3, cell); 1 drops the cell; 2 drops zip3; 3 keeps the state only;
/// 4 suppresses all four and the card's last four digits, and coarsens the row to the day (UTC) and
/// to $10. Every row is coarsened as <see cref="ReleaseCoarsening"/> does (hour, whole dollars) first.
/// Classes are sized in distinct people among every transaction observed (not only the released
/// ones), so a class can only grow: a decision never releases more than the people seen justify.
/// Memory: one entry per (level, class, person), so it grows with the people, not the rows.
/// Single writer (the live sink).
/// </summary>
public sealed class KAnonymityGate
{
    /// <summary>The level at which a row keeps no quasi-identifier.</summary>
    public const int Suppressed = 4;

    private static readonly TimeSpan s_suppressedTime = TimeSpan.FromDays(1);
    private readonly int _k;
    private readonly Dictionary<string, HashSet<string>>[] _classes =
        [.. Enumerable.Range(0, Suppressed).Select(_ => new Dictionary<string, HashSet<string>>(StringComparer.Ordinal))];

    public KAnonymityGate(int k = KAnonymityCheck.DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _k = k;
    }

    public int K => _k;

    /// <summary>Rows released with fewer quasi-identifiers than they carry (levels 1 to 3).</summary>
    public long Generalised { get; private set; }

    /// <summary>Rows released with none (level 4).</summary>
    public long SuppressedRows { get; private set; }

    /// <summary>Alerts released with their transaction's class under k people: cut to the day and $10, without words.</summary>
    public long SuppressedAlerts { get; private set; }

    /// <summary>Counts the transaction's person in the classes of every level.</summary>
    public void Observe(EnrichedTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        for (int level = 0; level < Suppressed; level++)
        {
            string key = Key(t, level);
            if (!_classes[level].TryGetValue(key, out HashSet<string>? people))
            {
                people = new HashSet<string>(StringComparer.Ordinal);
                _classes[level][key] = people;
            }

            people.Add(t.CustomerId);
        }
    }

    /// <summary>The finest level whose class of this row holds at least k people (<see cref="Suppressed"/> when none does).</summary>
    public int LevelOf(EnrichedTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        for (int level = 0; level < Suppressed; level++)
        {
            if (_classes[level].TryGetValue(Key(t, level), out HashSet<string>? people) && people.Count >= _k)
            {
                return level;
            }
        }

        return Suppressed;
    }

    /// <summary>The row as released: coarsened, and generalised or suppressed to a class of at least k people.</summary>
    public EnrichedTransaction Release(EnrichedTransaction t)
    {
        int level = LevelOf(t);
        EnrichedTransaction coarse = ReleaseCoarsening.Transaction(t);
        if (level == 0)
        {
            return coarse;
        }

        if (level == Suppressed)
        {
            SuppressedRows++;
            DateTime utc = coarse.EventTime.UtcDateTime;
            return coarse with
            {
                AgeBand = null,
                HomeState = null,
                HomeZip3 = null,
                HomeCell = null,
                CardLast4 = null,
                EventTime = new DateTimeOffset(utc.Ticks - (utc.Ticks % s_suppressedTime.Ticks), TimeSpan.Zero),
                Amount = Math.Round(coarse.Amount / 10m, 0, MidpointRounding.AwayFromZero) * 10m,
            };
        }

        Generalised++;
        return coarse with
        {
            HomeCell = null,
            HomeZip3 = level >= 2 ? null : coarse.HomeZip3,
            AgeBand = level >= 3 ? null : coarse.AgeBand,
        };
    }

    /// <summary>
    /// The alert as released: coarsened as every alert (hour, whole dollars, figures in its words). When the
    /// class of its transaction holds fewer than k people (level 4, where the row itself loses every
    /// quasi-identifier), the alert would single out the person that the row hides: it goes to the day and to
    /// $10 like the row, and keeps its ids, type, severity and category but not its words (the message and
    /// reasons name amounts and times). An alert without a known transaction is only coarsened.
    /// </summary>
    public Alert Release(Alert alert, EnrichedTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Alert coarse = ReleaseCoarsening.Alert(alert);
        if (transaction is null || LevelOf(transaction) < Suppressed)
        {
            return coarse;
        }

        SuppressedAlerts++;
        DateTime utc = coarse.EventTime.UtcDateTime;
        return coarse with
        {
            EventTime = new DateTimeOffset(utc.Ticks - (utc.Ticks % s_suppressedTime.Ticks), TimeSpan.Zero),
            Amount = coarse.Amount is decimal amount ? Math.Round(amount / 10m, 0, MidpointRounding.AwayFromZero) * 10m : null,
            Message = alert.Type + " (" + alert.Severity + ")",
            Reasons = [],
        };
    }

    // A unit separator cannot occur in the values (bands, state codes, digits, cell labels).
    private static string Key(EnrichedTransaction t, int level) => level switch
    {
        0 => string.Join('\u001f', t.AgeBand ?? "", t.HomeState ?? "", t.HomeZip3 ?? "", t.HomeCell ?? ""),
        1 => string.Join('\u001f', t.AgeBand ?? "", t.HomeState ?? "", t.HomeZip3 ?? ""),
        2 => string.Join('\u001f', t.AgeBand ?? "", t.HomeState ?? ""),
        _ => t.HomeState ?? "",
    };
}
