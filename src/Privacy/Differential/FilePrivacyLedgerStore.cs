using System.Text.Json;

namespace StreamGuard.Privacy.Differential;

/// <summary>The ledger as JSON lines in one file, flushed to disk on every append (embedded mode: one process per data folder).</summary>
public sealed class FilePrivacyLedgerStore : IPrivacyLedgerStore
{
    public const string FileName = "privacy-ledger.jsonl";

    public FilePrivacyLedgerStore(string dataDirectory) => Location = Path.Combine(dataDirectory, FileName);

    public string Location { get; }

    /// <summary>Reads every entry; an unreadable line stops the start rather than forget spending.</summary>
    public IReadOnlyList<PrivacyLedgerEntry> Load()
    {
        var entries = new List<PrivacyLedgerEntry>();
        if (!File.Exists(Location))
        {
            return entries;
        }

        int line = 0;
        foreach (string text in File.ReadLines(Location))
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                entries.Add(PrivacyLedgerLines.Parse(text, $"'{Location}' line {line}"));
            }
        }

        return entries;
    }

    public Task<IReadOnlyList<PrivacyLedgerEntry>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Load());

    public Task AppendAsync(IReadOnlyList<PrivacyLedgerEntry> entries, CancellationToken cancellationToken)
    {
        using (var file = new FileStream(Location, StreamGuard.Core.Storage.DataFolderPermissions.OwnerOnly(FileMode.Append, FileAccess.Write)))
        {
            file.Write(PrivacyLedgerLines.Format(entries));
            file.Flush(flushToDisk: true);
        }

        return Task.CompletedTask;
    }
}
