using System.Text;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Tests.Support;

namespace StreamGuard.Core.Tests.Ingestion;

public sealed class PlaidJsonReaderTests
{
    private static List<ReadOutcome> Read(string json) =>
        new PlaidJsonReader("test.json").Read(new MemoryStream(Encoding.UTF8.GetBytes(json))).ToList();

    [Fact]
    public void Read_SandboxArray_MapsAllTransactions()
    {
        List<ReadOutcome> outcomes = TransactionFileReader.Read(SharedData.File("plaid", "sandbox_transactions_24.json")).ToList();

        Assert.Equal(24, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(TransactionSource.Plaid, o.Event!.Source));
        TransactionEvent uber = outcomes.Select(o => o.Event!).First(e => e.Merchant == "Uber");
        Assert.Equal(5.4m, uber.Amount);
        Assert.Equal("4RQP1nxQJxT1LLGBbWnEcPgqlM5y5ncJVLQLv", uber.AccountId);
        Assert.Equal(2, outcomes.Select(o => o.Event!.AccountId).Distinct().Count());
    }

    [Fact]
    public void Read_SyncResponse_GivesAddedModifiedAndRemovedEvents()
    {
        List<TransactionEvent> events = TransactionFileReader.Read(SharedData.File("plaid", "plaid_openapi_transactions_sync_example.json")).Select(o => o.Event!).ToList();

        Assert.Contains(events, e => e.Change == ChangeKind.Added && e.Merchant == "Walmart" && e.SourceCategory == "GENERAL_MERCHANDISE");
        Assert.Contains(events, e => e.Change == ChangeKind.Modified);
        Assert.Contains(events, e => e.Change == ChangeKind.Removed);
        TransactionEvent walmart = events.First(e => e.Merchant == "Walmart");
        Assert.Equal(new DateTimeOffset(2023, 9, 24, 11, 1, 1, TimeSpan.Zero), walmart.EventTime);
        Assert.Equal("no86Eox18VHMvaOVL7gPUM9ap3aR1LsAVZ5nc", walmart.PendingTransactionId);
    }

    [Fact]
    public void Read_GetResponse_ReadsTransactionsArray()
    {
        List<ReadOutcome> outcomes = TransactionFileReader.Read(SharedData.File("plaid", "plaid_openapi_transactions_get_example.json")).ToList();

        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.Equal(ChangeKind.Added, o.Event!.Change));
    }

    [Fact]
    public void Read_BadElementAmongGood_DeadLettersOnlyThatElement()
    {
        List<ReadOutcome> outcomes = Read("""
            [{"transaction_id":"t1","account_id":"a","amount":1.5,"date":"2024-01-02","name":"Shop","brand_new_field":{"x":1},"payment_channel":"hologram"},
             {"transaction_id":"t2","account_id":"a","amount":"not money","date":"2024-01-02"},
             {"transaction_id":"t3","account_id":"a","date":"2024-01-02"},
             {"transaction_id":"t4","account_id":"a","amount":-20.25,"date":"2024-01-03","merchant_name":"Employer"}]
            """);

        Assert.Equal(4, outcomes.Count);
        Assert.Equal(1.5m, outcomes[0].Event!.Amount);
        Assert.Equal("[1]", outcomes[1].DeadLetter!.Position);
        Assert.Contains("amount is missing", outcomes[2].DeadLetter!.Reason, StringComparison.Ordinal);
        Assert.Equal(-20.25m, outcomes[3].Event!.Amount);
    }

    [Fact]
    public void Read_NotJson_ThrowsClearError()
    {
        var e = Assert.Throws<InputFormatException>(() => Read("{ this is not json"));

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ObjectWithoutTransactions_ThrowsNamingWhatIsExpected()
    {
        var e = Assert.Throws<InputFormatException>(() => Read("""{"accounts":[]}"""));

        Assert.Contains("'transactions'", e.Message, StringComparison.Ordinal);
    }
}
