using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Tests.Support;
using StreamGuard.Plaid;

namespace StreamGuard.Core.Tests.Plaid;

public sealed class PlaidWireSampleTests
{
    [Fact]
    public void SyncResponse_PlaidOpenApiExample_ParsesAndBuildsEventsWithPendingSuperseded()
    {
        TransactionsSyncResponse page = JsonSerializer.Deserialize(
            File.ReadAllText(SharedData.File("plaid", "plaid_openapi_transactions_sync_example.json")), PlaidJsonContext.Default.TransactionsSyncResponse)!;

        (List<TransactionEvent> events, List<DeadLetter> deadLetters, int superseded) = PlaidSyncEventBuilder.Build("item-1", [page], DateTimeOffset.UnixEpoch);

        Assert.False(page.HasMore);
        Assert.Equal("HISTORICAL_UPDATE_COMPLETE", page.TransactionsUpdateStatus);
        Assert.Equal("Wvhy9PZHQLV8njG", page.RequestId);
        Assert.Empty(deadLetters);
        Assert.Equal(1, superseded);
        Assert.Equal(
            [
                ("CmdQTNgems8BT1B7ibkoUXVPyAeehT3Tmzk0l", ChangeKind.Removed),
                ("no86Eox18VHMvaOVL7gPUM9ap3aR1LsAVZ5nc", ChangeKind.Removed),
                ("lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje", ChangeKind.Added),
                ("yhnUVvtcGGcCKU0bcz8PDQr5ZUxUXebUvbKC0", ChangeKind.Modified),
            ],
            events.Select(e => (e.TransactionId, e.Change)));
        Assert.Equal(72.1m, events[2].Amount);
        Assert.Equal("BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp", events[1].AccountId);
    }

    [Fact]
    public void GetResponse_PlaidOpenApiExample_ParsesTransactionsAndTotal()
    {
        TransactionsGetResponse response = JsonSerializer.Deserialize(
            File.ReadAllText(SharedData.File("plaid", "plaid_openapi_transactions_get_example.json")), PlaidJsonContext.Default.TransactionsGetResponse)!;

        Assert.Equal(2, response.Transactions.Count);
        Assert.Equal(1, response.TotalTransactions); // Plaid's own example says 1 beside 2 transactions; we read what it says.
        Assert.All(response.Transactions, t => Assert.NotNull(t.Amount));
    }
}
