namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The privacy-budget ledger: every DP release recorded in a durable store before the release is
/// published, and read back at start so the budget spent adds up across runs and a window already
/// released is never released (and paid for) again. The store is a file in the data folder
/// (embedded mode) or S3 objects shared by the workers (aws mode).
/// </summary>
public sealed class PrivacyBudgetLedger
{
    public const string FileName = FilePrivacyLedgerStore.FileName;
    private readonly IPrivacyLedgerStore _store;
    private readonly Lock _lock = new();
    private readonly List<PrivacyLedgerEntry> _entries = [];
    private readonly HashSet<string> _releases = new(StringComparer.Ordinal);

    private bool _loaded;

    /// <summary>The file ledger of a data folder, read at once (a corrupt file stops the start).</summary>
    public PrivacyBudgetLedger(string dataDirectory)
        : this(new FilePrivacyLedgerStore(dataDirectory))
    {
        AddAll(((FilePrivacyLedgerStore)_store).Load());
        _loaded = true;
    }

    /// <summary>A ledger over any store; what the store holds is read by <see cref="EnsureLoadedAsync"/> (the report calls it before its first release check).</summary>
    public PrivacyBudgetLedger(IPrivacyLedgerStore store) => _store = store;

    /// <summary>Reads what the store already holds, once.</summary>
    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        AddAll(await _store.LoadAsync(cancellationToken).ConfigureAwait(false));
        _loaded = true;
    }

    /// <summary>Where the entries are kept (a file path or an s3:// URI).</summary>
    public string Path => _store.Location;

    /// <summary>Total epsilon of every entry, all horizons together, by plain sequential composition (what the ledger holds, not the per-horizon guarantee).</summary>
    public double EpsilonSpent
    {
        get
        {
            lock (_lock)
            {
                return _entries.Sum(e => e.Epsilon);
            }
        }
    }

    public double DeltaSpent
    {
        get
        {
            lock (_lock)
            {
                return _entries.Sum(e => e.Delta);
            }
        }
    }

    /// <summary>Distinct releases (windows) recorded.</summary>
    public int Releases
    {
        get
        {
            lock (_lock)
            {
                return _releases.Count;
            }
        }
    }

    public IReadOnlyList<PrivacyLedgerEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>
    /// The epsilon spent on releases about one horizon of event time [start, start + length):
    /// pure (Laplace) entries add up; Gaussian entries add up in rho (zCDP), converted to epsilon
    /// at <paramref name="delta"/> and added to the rest.
    /// </summary>
    public double SpentIn(DateTimeOffset horizonStart, TimeSpan horizonLength, double delta)
    {
        DateTimeOffset end = horizonStart + horizonLength;
        double pure = 0;
        double rho = 0;
        lock (_lock)
        {
            foreach (PrivacyLedgerEntry e in _entries)
            {
                if (e.WindowStart >= horizonStart && e.WindowStart < end)
                {
                    if (e.Rho > 0)
                    {
                        rho += e.Rho;
                    }
                    else
                    {
                        pure += e.Epsilon;
                    }
                }
            }
        }

        return pure + NoiseCalibration.EpsilonOfRho(rho, delta > 0 ? delta : 1e-6);
    }

    /// <summary>The horizon starts that have spending recorded, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> HorizonsWithSpending(TimeSpan horizonLength)
    {
        lock (_lock)
        {
            return _entries.Select(e => HorizonStart(e.WindowStart, horizonLength)).Distinct().Order().ToArray();
        }
    }

    /// <summary>The start of the horizon holding an instant (horizons are aligned to the Unix epoch).</summary>
    public static DateTimeOffset HorizonStart(DateTimeOffset at, TimeSpan horizonLength)
    {
        long since = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long floor = since - (((since % horizonLength.Ticks) + horizonLength.Ticks) % horizonLength.Ticks);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floor, TimeSpan.Zero);
    }

    /// <summary>The entry recorded for one query of one release, if any (a replay republishes its noisy values).</summary>
    public PrivacyLedgerEntry? Find(string releaseId, string query)
    {
        lock (_lock)
        {
            return _entries.LastOrDefault(e => e.ReleaseId == releaseId && e.Query == query);
        }
    }

    public bool HasReleased(string releaseId)
    {
        lock (_lock)
        {
            return _releases.Contains(releaseId);
        }
    }

    /// <summary>Stores a release's entries durably, then counts them; call before publishing the release.</summary>
    public async Task RecordAsync(IReadOnlyList<PrivacyLedgerEntry> entries, CancellationToken cancellationToken)
    {
        // One sink records at a time (the report is single-writer), so no lock is held across the await.
        await _store.AppendAsync(entries, cancellationToken).ConfigureAwait(false);
        AddAll(entries);
    }

    /// <summary>
    /// Counts entries another process recorded (a fleet release this worker did not draw) so the spending
    /// this process reports covers the whole fleet; they are not stored again.
    /// </summary>
    public void Remember(IReadOnlyList<PrivacyLedgerEntry> entries)
    {
        if (entries.Count > 0 && !HasReleased(entries[0].ReleaseId))
        {
            AddAll(entries);
        }
    }

    private void AddAll(IReadOnlyList<PrivacyLedgerEntry> entries)
    {
        lock (_lock)
        {
            foreach (PrivacyLedgerEntry entry in entries)
            {
                _entries.Add(entry);
                _releases.Add(entry.ReleaseId);
            }
        }
    }
}
