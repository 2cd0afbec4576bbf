using System.Text.Json;

namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// The privacy-budget ledger: every DP release appended as JSON lines to a file in the data
/// folder, flushed before the release is published, and read back at start so the budget spent
/// adds up across runs and a window already released is never released (and paid for) again.
/// </summary>
public sealed class PrivacyBudgetLedger
{
    public const string FileName = "privacy-ledger.jsonl";
    private readonly Lock _lock = new();
    private readonly List<PrivacyLedgerEntry> _entries = [];
    private readonly HashSet<string> _releases = new(StringComparer.Ordinal);

    public PrivacyBudgetLedger(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        if (!File.Exists(Path))
        {
            return;
        }

        int line = 0;
        foreach (string text in File.ReadLines(Path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            PrivacyLedgerEntry entry;
            try
            {
                entry = JsonSerializer.Deserialize(text, PrivacyJsonContext.Default.PrivacyLedgerEntry)
                    ?? throw new JsonException("null entry");
            }
            catch (JsonException e)
            {
                // The ledger is the budget's only record: refuse to start rather than forget spending.
                throw new InvalidOperationException($"The privacy-budget ledger '{Path}' line {line} is unreadable; fix or move the file.", e);
            }

            Add(entry);
        }
    }

    public string Path { get; }

    /// <summary>Total epsilon spent, by sequential composition (a worst-case bound for a customer present in every release).</summary>
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

    public bool HasReleased(string releaseId)
    {
        lock (_lock)
        {
            return _releases.Contains(releaseId);
        }
    }

    /// <summary>Appends a release's entries and flushes them to disk; call before publishing the release.</summary>
    public void Record(IReadOnlyList<PrivacyLedgerEntry> entries)
    {
        lock (_lock)
        {
            using (var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                using var writer = new Utf8JsonWriter(file);
                foreach (PrivacyLedgerEntry entry in entries)
                {
                    JsonSerializer.Serialize(writer, entry, PrivacyJsonContext.Default.PrivacyLedgerEntry);
                    writer.Flush();
                    writer.Reset();
                    file.WriteByte((byte)'\n');
                }

                file.Flush(flushToDisk: true);
            }

            foreach (PrivacyLedgerEntry entry in entries)
            {
                Add(entry);
            }
        }
    }

    private void Add(PrivacyLedgerEntry entry)
    {
        _entries.Add(entry);
        _releases.Add(entry.ReleaseId);
    }
}
