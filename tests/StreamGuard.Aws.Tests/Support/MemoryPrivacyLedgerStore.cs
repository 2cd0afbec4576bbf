using System.Collections.Concurrent;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Aws.Tests.Support;

/// <summary>A privacy ledger kept in memory, so a test can see what was paid for and when.</summary>
public sealed class MemoryPrivacyLedgerStore : IPrivacyLedgerStore
{
    public ConcurrentQueue<PrivacyLedgerEntry> Entries { get; } = new();

    public string Location => "memory";

    public Task<IReadOnlyList<PrivacyLedgerEntry>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PrivacyLedgerEntry>>([.. Entries]);

    public Task AppendAsync(IReadOnlyList<PrivacyLedgerEntry> entries, CancellationToken cancellationToken)
    {
        foreach (PrivacyLedgerEntry entry in entries)
        {
            Entries.Enqueue(entry);
        }

        return Task.CompletedTask;
    }
}
