using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Ingestion.Plaid;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>Plaid data: one person (an Item) across their accounts is one customer; payee names never become the merchant.</summary>
public sealed class PlaidPrivacyTests : IDisposable
{
    private static readonly string[] s_payees = ["Zebedee Quuxworth", "Ottoline Fairweather-Canary"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-plaid-privacy-").FullName;

    private static TransactionAnonymizer Anonymizer() =>
        new(new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()), "test")), new PrivacyOptions());

    private static JsonObject Tx(string id, string account, decimal amount, int day, string name, string? merchantName = null, JsonArray? counterparties = null) => new()
    {
        ["transaction_id"] = id,
        ["account_id"] = account,
        ["amount"] = amount,
        ["iso_currency_code"] = "USD",
        ["date"] = new DateOnly(2024, 3, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["name"] = name,
        ["merchant_name"] = merchantName,
        ["counterparties"] = counterparties ?? [],
        ["personal_finance_category"] = new JsonObject { ["primary"] = "TRANSFER_OUT", ["detailed"] = "TRANSFER_OUT_ACCOUNT_TRANSFER" },
    };

    private static JsonObject Counterparty(string name, string type) => new() { ["name"] = name, ["type"] = type };

    private static PlaidTransaction Plaid(JsonObject t) =>
        JsonSerializer.Deserialize(t.ToJsonString(), PlaidTransactionJsonContext.Default.PlaidTransaction)!;

    private static List<TransactionEvent> Read(JsonNode json) =>
        [.. new PlaidJsonReader("test.json").Read(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()))).Select(o => o.Event ?? throw new InvalidOperationException(o.DeadLetter!.Reason))];

    [Fact]
    public void Anonymize_OneItemTwoAccounts_OneCustomerTwoCards()
    {
        JsonObject sync(string item) => new()
        {
            ["item"] = new JsonObject { ["item_id"] = item },
            ["added"] = new JsonArray(Tx("t1", "checking-" + item, 10m, 1, "Shop", "Shop"), Tx("t2", "savings-" + item, 20m, 2, "Shop", "Shop")),
            ["removed"] = new JsonArray(new JsonObject { ["transaction_id"] = "t0", ["account_id"] = "savings-" + item }),
        };
        TransactionAnonymizer anonymizer = Anonymizer();

        List<EnrichedTransaction> a = [.. Read(sync("item-A")).Select(e => anonymizer.Anonymize(e, "s", "1", out RawFeatures _))];
        List<EnrichedTransaction> b = [.. Read(sync("item-B")).Select(e => anonymizer.Anonymize(e, "s", "1", out RawFeatures _))];

        Assert.Equal(3, a.Count);
        Assert.Single(a.Select(t => t.CustomerId).Distinct());
        Assert.Equal(2, a.Select(t => t.CardId).Distinct().Count());
        Assert.NotEqual(a[0].CustomerId, b[0].CustomerId);
        Assert.All(a, t => Assert.DoesNotContain("item-A", JsonSerializer.Serialize(t, Core.Serialization.CoreJsonContext.Default.EnrichedTransaction), StringComparison.Ordinal));
    }

    [Fact]
    public void Anonymize_BareArrayWithoutItem_EachAccountItsOwnCustomer()
    {
        TransactionAnonymizer anonymizer = Anonymizer();

        List<EnrichedTransaction> rows = [.. Read(new JsonArray(Tx("t1", "acc-1", 10m, 1, "Shop"), Tx("t2", "acc-2", 10m, 1, "Shop"))).Select(e => anonymizer.Anonymize(e, "s", "1", out RawFeatures _))];

        Assert.NotEqual(rows[0].CustomerId, rows[1].CustomerId);
    }

    [Fact]
    public void SyncEventBuilder_ItemPages_EveryEventOfTheItemOnePerson()
    {
        var page = new StreamGuard.Plaid.TransactionsSyncResponse
        {
            Added = [Plaid(Tx("t1", "acc-1", 5m, 1, "Shop", "Shop")), Plaid(Tx("t2", "acc-2", 5m, 1, "Shop", "Shop"))],
            Removed = [new PlaidRemovedTransaction("t0", "acc-3")],
        };
        TransactionAnonymizer anonymizer = Anonymizer();

        (List<TransactionEvent> events, _, _) = StreamGuard.Plaid.PlaidSyncEventBuilder.Build("item-A", [page], DateTimeOffset.UnixEpoch);

        Assert.Equal(3, events.Count);
        Assert.Single(events.Select(e => anonymizer.Anonymize(e, "s", "1", out RawFeatures _).CustomerId).Distinct());
    }

    [Fact]
    public void SyncEventBuilder_TwoItemsOfOneLinkingUser_OneCustomer_WithoutTheUserTwo()
    {
        // Each case its own accounts: the anonymiser keeps an account with the customer it first saw it with.
        TransactionAnonymizer anonymizer = Anonymizer();
        string CustomerOf(string item, string? person, string account) =>
            anonymizer.Anonymize(
                Assert.Single(StreamGuard.Plaid.PlaidSyncEventBuilder.Build(item, person, [new StreamGuard.Plaid.TransactionsSyncResponse { Added = [Plaid(Tx("t-" + account, account, 5m, 1, "Shop", "Shop"))] }], DateTimeOffset.UnixEpoch).Events),
                "s", "1", out RawFeatures _).CustomerId;

        // One person who linked two institutions is one customer, the unit the privacy bound counts.
        Assert.Equal(CustomerOf("item-A", "user-42", "acc-1"), CustomerOf("item-B", "user-42", "acc-2"));
        Assert.NotEqual(CustomerOf("item-C", "user-42", "acc-3"), CustomerOf("item-D", "user-43", "acc-4"));
        // Without the linking user's id each Item stands for its own person.
        Assert.NotEqual(CustomerOf("item-E", null, "acc-5"), CustomerOf("item-F", null, "acc-6"));
    }

    [Fact]
    public void Read_MerchantFields_NeverTheRawNameNorANonMerchantCounterparty()
    {
        List<TransactionEvent> events = Read(new JsonArray(
            Tx("t1", "a", 50m, 1, "ZELLE PAYMENT TO ZEBEDEE QUUXWORTH"),
            Tx("t2", "a", 50m, 1, "VENMO", counterparties: [Counterparty("Venmo", "payment_app"), Counterparty("Zebedee Quuxworth", "financial_institution")]),
            Tx("t3", "a", 50m, 1, "POS UBER 0630 SF", counterparties: [Counterparty("Uber", "merchant")]),
            Tx("t4", "a", 50m, 1, "AMZN MKTP", counterparties: [Counterparty("Amazon", "marketplace")]),
            Tx("t5", "a", 50m, 1, "STARBUCKS 123", merchantName: "Starbucks")));

        Assert.Equal(["TRANSFER_OUT_ACCOUNT_TRANSFER", "TRANSFER_OUT_ACCOUNT_TRANSFER", "Uber", "Amazon", "Starbucks"], events.Select(e => e.Merchant));
    }

    [Fact]
    public async Task Run_PlaidFileWithPayeeNames_NoPayeeNorSourceIdInAnyOutput()
    {
        var added = new JsonArray();
        var sourceIds = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            string id = "plaid-src-" + i.ToString("000", CultureInfo.InvariantCulture);
            sourceIds.Add(id);
            string payee = s_payees[i % 2];
            added.Add((i % 3) switch
            {
                0 => Tx(id, "acct-checking", 40m + i, 1 + (i % 20), "ZELLE PAYMENT TO " + payee.ToUpperInvariant()),
                1 => Tx(id, "acct-credit", 25m + i, 1 + (i % 20), "Venmo " + payee, counterparties: [Counterparty("Venmo", "payment_app"), Counterparty(payee, "income_source")]),
                _ => Tx(id, "acct-credit", 5m + i, 1 + (i % 20), "POS UBER 0630 " + payee, counterparties: [Counterparty("Uber", "merchant")]),
            });
        }

        string input = Path.Combine(_dir, "item.json");
        await File.WriteAllTextAsync(input, new JsonObject { ["item"] = new JsonObject { ["item_id"] = "item-canary" }, ["added"] = added }.ToJsonString());
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };

        RunSummary summary = await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        SqliteConnection.ClearAllPools();

        Assert.Equal(60, summary.Processed);
        var outputs = Directory.GetFiles(options.DataDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != PseudonymKey.FileName)
            .Select(f => (Name: f, Text: Encoding.Latin1.GetString(File.ReadAllBytes(f))))
            .Append((Name: "run summary", Text: JsonSerializer.Serialize(summary, CommandJsonContext.Default.RunSummary)))
            .ToList();
        Assert.Contains(outputs, o => o.Text.Contains("Uber", StringComparison.Ordinal));
        string[] canaries = [.. s_payees, .. s_payees.SelectMany(p => p.Split(' ')), "item-canary", .. sourceIds];
        foreach ((string name, string text) in outputs)
        {
            foreach (string canary in canaries)
            {
                Assert.False(text.Contains(canary, StringComparison.OrdinalIgnoreCase), $"{canary} found in {name}");
            }
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(options.DataDir, "streamguard.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(DISTINCT customer_id), COUNT(DISTINCT card_id) FROM transactions";
        using SqliteDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((1L, 2L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
