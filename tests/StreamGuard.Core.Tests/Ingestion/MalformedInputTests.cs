using System.Diagnostics;
using System.Text;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Tests.Ingestion;

/// <summary>The readers against rows real files and hostile ones contain: each bad row becomes a dead letter with its reason, and reading goes on.</summary>
public sealed class MalformedInputTests : IDisposable
{
    private const string Header = "trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,merch_lat,merch_long,is_fraud";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-malformed-" + Guid.NewGuid().ToString("N"));

    public MalformedInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Row(int i, string merchant = "Kirlin and Sons", string card = "4263982640269299", string amount = "12.50", string? id = null, string first = "Ann") =>
        $"2024-01-01 00:{i / 60 % 60:D2}:{i % 60:D2},{card},\"{merchant.Replace("\"", "\"\"", StringComparison.Ordinal)}\",grocery_pos,{amount},{first},Lee,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,Teacher,1980-05-05,{id ?? "tx" + i},39.80,-89.60,0";

    private string File(string name, params string[] rows)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, Header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    private static (List<TransactionEvent> Events, List<DeadLetter> DeadLetters) ReadAll(string path)
    {
        var events = new List<TransactionEvent>();
        var deadLetters = new List<DeadLetter>();
        foreach (ReadOutcome outcome in TransactionFileReader.Read(path))
        {
            if (outcome.Event is { } e)
            {
                events.Add(e);
            }
            else
            {
                deadLetters.Add(outcome.DeadLetter!);
            }
        }

        return (events, deadLetters);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(10)]
    public async Task Read_MerchantOfMegabytes_DeadLetteredQuicklyOthersRead(int megabytes)
    {
        string path = File($"big{megabytes}.csv", Row(1), Row(2, merchant: new string('M', megabytes * 1024 * 1024)), Row(3));
        var watch = Stopwatch.StartNew();

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = await Task.Run(() => ReadAll(path)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(["tx1", "tx3"], events.Select(e => e.TransactionId));
        DeadLetter dead = Assert.Single(deadLetters);
        Assert.Equal("line 3", dead.Position);
        Assert.Contains("rows over 65,536 are not read", dead.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("MMMM", dead.Reason, StringComparison.Ordinal);
        Assert.True(dead.Payload.Length <= TextFieldLimits.MaxDeadLetterPayload + 100, "the dead letter keeps the row's start, not megabytes");
    }

    [Fact]
    public void Read_MerchantLongerThanLimitButRowShort_DeadLetteredNamingTheField()
    {
        string path = File("long.csv", Row(1, merchant: new string('x', 300)), Row(2));

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = ReadAll(path);

        Assert.Equal("tx2", Assert.Single(events).TransactionId);
        Assert.Equal("merchant has 300 characters (at most 256 are accepted)", Assert.Single(deadLetters).Reason);
    }

    [Theory]
    [InlineData("Kirlin\0and Sons", "merchant contains a control character (U+0000 at character 7)")]
    [InlineData("Kirlin\u001b[31mand", "merchant contains a control character (U+001B at character 7)")]
    [InlineData("Kirlin\band Sons", "merchant contains a control character (U+0008 at character 7)")]
    [InlineData("Kirlin\u0085and", "merchant contains a control character (U+0085 at character 7)")]
    public void Read_ControlCharacterInMerchant_DeadLetteredNeverRead(string merchant, string reason)
    {
        string path = File("nul.csv", Row(1, merchant: merchant), Row(2));

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = ReadAll(path);

        Assert.Equal("tx2", Assert.Single(events).TransactionId);
        Assert.Equal(reason, Assert.Single(deadLetters).Reason);
    }

    [Fact]
    public void Read_NulInNameAndInAmount_ReasonNamesBothWithoutTheValues()
    {
        string path = File("nul2.csv", Row(1, first: "A\0nn", amount: "1\02.50"));

        DeadLetter dead = Assert.Single(ReadAll(path).DeadLetters);

        Assert.Contains("first name contains a control character (U+0000", dead.Reason, StringComparison.Ordinal);
        Assert.Contains("amt (a value of 6 characters with control characters) is not a decimal number", dead.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', dead.Reason);
    }

    [Theory]
    [InlineData("4.26398E+15", "12.50", "scientific notation")]
    [InlineData("4263982640269299", "$12.50", "amt '$12.50' is not a decimal number")]
    [InlineData("4263982640269299", "12,50", "amt '12,50' is not a decimal number (digits with a '.' decimal point expected")]
    [InlineData("4263982640269299", "1,234.50", "amt '1,234.50' is not a decimal number (digits with a '.' decimal point expected")]
    public void Read_SpreadsheetMangledNumbers_DeadLetteredWithReason(string card, string amount, string reason)
    {
        // The amount is quoted as a spreadsheet writes "12,50" (a decimal comma), so the row keeps its field count.
        string row = Row(1, card: card, amount: $"\"{amount}\"");
        string path = File("mangled.csv", row, Row(2));

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = ReadAll(path);

        Assert.Equal("tx2", Assert.Single(events).TransactionId);
        Assert.Contains(reason, Assert.Single(deadLetters).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoFilesBadRowOnSameLine_OriginsDifferAndNameFileAndContent()
    {
        string first = File("a.csv", Row(1), Row(2, card: "2.29E+15"));
        string second = File("b.csv", Row(1), Row(2, card: "abc"));

        DeadLetter a = Assert.Single(ReadAll(first).DeadLetters);
        DeadLetter b = Assert.Single(ReadAll(second).DeadLetters);

        Assert.Equal(a.Position, b.Position);
        Assert.NotEqual(a.Origin, b.Origin);
        Assert.StartsWith($"file:{first}#sha256=", a.Origin, StringComparison.Ordinal);
        Assert.Equal(InputFileIdentity.Of(first).Origin, a.Origin);
    }

    [Fact]
    public void Read_SameFileTwice_SameOriginSoStoringTwiceKeepsOne()
    {
        string path = File("again.csv", Row(1, card: "x"));

        Assert.Equal(Assert.Single(ReadAll(path).DeadLetters).Origin, Assert.Single(ReadAll(path).DeadLetters).Origin);
    }

    [Fact]
    public void Read_SamePathNewContent_OriginChanges()
    {
        string path = File("edited.csv", Row(1, card: "x"));
        string before = Assert.Single(ReadAll(path).DeadLetters).Origin;

        File("edited.csv", Row(1, card: "y"));

        Assert.NotEqual(before, Assert.Single(ReadAll(path).DeadLetters).Origin);
    }

    [Fact]
    public void Read_PlaidMerchantWithNul_DeadLetteredOthersRead()
    {
        string path = Path.Combine(_dir, "plaid.json");
        System.IO.File.WriteAllText(path, """
            {"transactions": [
              {"transaction_id": "p1", "account_id": "acc1", "amount": 5.5, "iso_currency_code": "USD", "date": "2024-01-02", "merchant_name": "Coffee\u0000Shop"},
              {"transaction_id": "p2", "account_id": "acc1", "amount": 7.25, "iso_currency_code": "USD", "date": "2024-01-02", "merchant_name": "Bakery"}
            ]}
            """, Encoding.UTF8);

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = ReadAll(path);

        Assert.Equal("p2", Assert.Single(events).TransactionId);
        DeadLetter dead = Assert.Single(deadLetters);
        Assert.Equal("transactions[0]", dead.Position);
        Assert.StartsWith("merchant contains a control character (U+0000", dead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlaidElementOfMegabytes_DeadLetteredOthersRead()
    {
        string path = Path.Combine(_dir, "plaid-big.json");
        string name = new('N', 2 * 1024 * 1024);
        System.IO.File.WriteAllText(path,
            "[{\"transaction_id\": \"p1\", \"account_id\": \"acc1\", \"amount\": 5.5, \"date\": \"2024-01-02\", \"name\": \"" + name + "\"}," +
            "{\"transaction_id\": \"p2\", \"account_id\": \"acc1\", \"amount\": 7.25, \"date\": \"2024-01-02\", \"name\": \"Bakery\"}]");

        (List<TransactionEvent> events, List<DeadLetter> deadLetters) = ReadAll(path);

        Assert.Equal("p2", Assert.Single(events).TransactionId);
        Assert.StartsWith("the element has 2,097,", Assert.Single(deadLetters).Reason, StringComparison.Ordinal);
    }
}
