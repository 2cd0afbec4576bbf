namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Where the privacy-budget ledger lives: a file in the data folder (embedded mode) or one S3
/// object per release (aws mode, shared by every worker). Appends are durable when they return.
/// </summary>
public interface IPrivacyLedgerStore
{
    /// <summary>Where the entries are kept, for the run summary (a path or an s3:// URI).</summary>
    string Location { get; }

    Task<IReadOnlyList<PrivacyLedgerEntry>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores one release's entries; returns only once they are durable.</summary>
    Task AppendAsync(IReadOnlyList<PrivacyLedgerEntry> entries, CancellationToken cancellationToken);
}
