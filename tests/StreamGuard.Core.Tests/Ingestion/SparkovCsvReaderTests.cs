using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Tests.Support;

namespace StreamGuard.Core.Tests.Ingestion;

public sealed class SparkovCsvReaderTests
{
    private const string Header = "trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud";
    private const string GoodRow = "2019-01-01 00:00:18,2703186189652095,fraud_Rippin Kub and Mann,misc_net,4.97,Jennifer,Banks,F,561 Perry Cove,Moravian Falls,NC,28654,36.0788,-81.1781,3495,\"Psychologist, counselling\",1988-03-09,0b242abb623afc578575680df30655b9,1325376018,36.011293,-82.048315,0";

    private static List<ReadOutcome> Read(string csv) => new SparkovCsvReader("test.csv").Read(new StringReader(csv)).ToList();

    [Fact]
    public void Read_SampleWithIndexAndMerchZipcodeColumns_ReadsEveryRow()
    {
        List<ReadOutcome> outcomes = TransactionFileReader.Read(SharedData.File("sparkov", "credit_card_transactions_sample15k.csv")).ToList();

        Assert.Equal(15_000, outcomes.Count);
        Assert.All(outcomes, o => Assert.Null(o.DeadLetter));
        Assert.Equal(85, outcomes.Count(o => o.Event!.IsFraud == true));
        Assert.DoesNotContain(outcomes, o => o.Event!.Merchant.StartsWith("fraud_", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TestHead_ReadsEveryRowIncludingElevenDigitCards()
    {
        List<ReadOutcome> outcomes = TransactionFileReader.Read(SharedData.File("sparkov", "fraudTest_head5116.csv")).ToList();

        Assert.Equal(5_116, outcomes.Count);
        Assert.All(outcomes, o => Assert.NotNull(o.Event));
        Assert.Equal(18, outcomes.Count(o => o.Event!.IsFraud == true));
        Assert.Contains(outcomes, o => o.Event!.AccountId.Length == 11);
        TransactionEvent first = outcomes[0].Event!;
        Assert.Equal(new DateTimeOffset(2020, 6, 21, 12, 14, 25, TimeSpan.Zero), first.EventTime);
        Assert.Equal("Kirlin and Sons", first.Merchant);
        Assert.Equal(2.86m, first.Amount);
        Assert.Equal("Jeff", first.Customer!.FirstName);
        Assert.Equal(new DateOnly(1968, 3, 19), first.Customer.DateOfBirth);
    }

    [Fact]
    public void Read_SpreadsheetMangledFile_RejectsEveryRowWithReasonsAndNoCardNumber()
    {
        List<ReadOutcome> outcomes = TransactionFileReader.Read(SharedData.File("sparkov", "fraudTrain_spreadsheet_mangled13k.csv")).ToList();

        // Every date lost its seconds and its day/month order is ambiguous: nothing can be read
        // faithfully. Most card numbers became "2.29E+15"; the short ones survived.
        Assert.Equal(13_280, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            DeadLetter d = Assert.IsType<DeadLetter>(o.DeadLetter);
            Assert.Contains("trans_date_trans_time", d.Reason, StringComparison.Ordinal);
            Assert.StartsWith("line ", d.Position, StringComparison.Ordinal);
            Assert.DoesNotContain("E+", d.Reason, StringComparison.Ordinal);
        });
        Assert.True(outcomes.Count(o => o.DeadLetter!.Reason.Contains("scientific notation", StringComparison.Ordinal)) > 13_000);
        Assert.Equal("line 2", outcomes[0].DeadLetter!.Position);
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasAndQuotes_KeepsThemWhole()
    {
        string row = GoodRow.Replace("fraud_Rippin Kub and Mann", "\"fraud_Jones, Sawayn and \"\"Romaguera\"\"\"", StringComparison.Ordinal);
        ReadOutcome outcome = Assert.Single(Read(Header + "\n" + row));

        Assert.Equal("Jones, Sawayn and \"Romaguera\"", outcome.Event!.Merchant);
        Assert.Equal("Psychologist, counselling", outcome.Event.Customer!.Job);
    }

    [Fact]
    public void Read_QuotedFieldSpanningLines_ReadsOneRecord()
    {
        string row = GoodRow.Replace("561 Perry Cove", "\"561 Perry\nCove\"", StringComparison.Ordinal);
        List<ReadOutcome> outcomes = Read(Header + "\n" + row + "\n" + GoodRow.Replace("0b242abb", "1b242abb", StringComparison.Ordinal));

        Assert.Equal(2, outcomes.Count);
        Assert.Equal("561 Perry\nCove", outcomes[0].Event!.Customer!.Street);
        Assert.NotNull(outcomes[1].Event);
    }

    [Theory]
    [InlineData("4.97", "abc", "amt 'abc' is not a decimal number")]
    [InlineData("2019-01-01 00:00:18", "01/01/2019 00:00", "trans_date_trans_time '01/01/2019 00:00' is not")]
    [InlineData(",0\n", ",maybe\n", "is_fraud 'maybe' is not 0 or 1")]
    [InlineData("2703186189652095", "2703-1861-8965", "cc_num is not a card number")]
    [InlineData("0b242abb623afc578575680df30655b9", "", "trans_num (the transaction id) is empty")]
    [InlineData("36.011293,-82.048315", "136.0,-82.0", "merch_lat/merch_long is not a valid coordinate pair")]
    public void Read_BadValue_DeadLettersRowWithReasonAndGoesOn(string good, string bad, string reason)
    {
        string csv = Header + "\n" + (GoodRow + "\n").Replace(good, bad, StringComparison.Ordinal) + GoodRow + "\n";
        List<ReadOutcome> outcomes = Read(csv);

        Assert.Equal(2, outcomes.Count);
        DeadLetter dead = Assert.IsType<DeadLetter>(outcomes[0].DeadLetter);
        Assert.Contains(reason, dead.Reason, StringComparison.Ordinal);
        Assert.Equal("line 2", dead.Position);
        Assert.Equal("read", dead.Stage);
        Assert.Contains("Perry Cove", dead.Payload, StringComparison.Ordinal);
        Assert.NotNull(outcomes[1].Event);
    }

    [Fact]
    public void Read_TooFewFields_DeadLettersWithCounts()
    {
        ReadOutcome outcome = Assert.Single(Read(Header + "\n2019-01-01 00:00:18,2703186189652095,fraud_X"));

        Assert.Contains("the row has 3 fields but the header has 22", outcome.DeadLetter!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderWithoutRequiredColumns_ThrowsNamingThem()
    {
        var e = Assert.Throws<InputFormatException>(() => Read("date,amount,merchant\n2019-01-01,1.0,x"));

        Assert.Contains("trans_date_trans_time", e.Message, StringComparison.Ordinal);
        Assert.Contains("cc_num", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadBirthDate_ReasonDoesNotRepeatThePersonalValue()
    {
        ReadOutcome outcome = Assert.Single(Read(Header + "\n" + GoodRow.Replace("1988-03-09", "09/03/1988", StringComparison.Ordinal)));

        Assert.Contains("dob is not 'yyyy-MM-dd'", outcome.DeadLetter!.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("1988", outcome.DeadLetter.Reason, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("2019-01-01 00:00:18", 2019, 1, 1, 0, 0, 18, 0)]
    [InlineData("2019-01-01T23:59:59", 2019, 1, 1, 23, 59, 59, 0)]
    [InlineData("2020-02-29 12:00:00", 2020, 2, 29, 12, 0, 0, 0)]
    [InlineData(" 2019-12-31 01:02:03 ", 2019, 12, 31, 1, 2, 3, 0)]
    [InlineData("2019-01-01 00:00:18.25", 2019, 1, 1, 0, 0, 18, 250)]
    public void Read_TimeLayouts_SameInstantAsTheExactFormats(string text, int year, int month, int day, int hour, int minute, int second, int millisecond)
    {
        ReadOutcome outcome = Assert.Single(Read(Header + "\n" + GoodRow.Replace("2019-01-01 00:00:18", text, StringComparison.Ordinal)));

        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero), outcome.Event!.EventTime);
        Assert.Equal(TimeSpan.Zero, outcome.Event.EventTime.Offset);
    }

    [Theory]
    [InlineData("2019-02-29 00:00:18")]
    [InlineData("2019-13-01 00:00:18")]
    [InlineData("2019-01-01 24:00:00")]
    [InlineData("2019-01-01 00:60:00")]
    [InlineData("2019-01-01 00:00:60")]
    [InlineData("2019-01-0a 00:00:18")]
    [InlineData("0000-01-01 00:00:18")]
    public void Read_ImpossibleTime_DeadLettered(string text)
    {
        ReadOutcome outcome = Assert.Single(Read(Header + "\n" + GoodRow.Replace("2019-01-01 00:00:18", text, StringComparison.Ordinal)));

        Assert.Contains("trans_date_trans_time", outcome.DeadLetter!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2000-02-29", true)]
    [InlineData("1900-02-29", false)]
    [InlineData("1988-3-09", false)]
    [InlineData("1988-03-32", false)]
    public void Read_BirthDates_OnlyRealDaysRead(string text, bool valid)
    {
        ReadOutcome outcome = Assert.Single(Read(Header + "\n" + GoodRow.Replace("1988-03-09", text, StringComparison.Ordinal)));

        if (valid)
        {
            Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), outcome.Event!.Customer!.DateOfBirth);
        }
        else
        {
            Assert.Contains("dob is not 'yyyy-MM-dd'", outcome.DeadLetter!.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_RepeatedValuesAcrossRows_EqualValuesEveryRowAndQuotedOnesUnescaped()
    {
        string second = GoodRow.Replace("0b242abb", "2b242abb", StringComparison.Ordinal).Replace("Jennifer", "\"Jen \"\"J\"\"\"", StringComparison.Ordinal);
        List<ReadOutcome> outcomes = Read(Header + "\n" + GoodRow + "\n" + second + "\n" + GoodRow.Replace("0b242abb", "3b242abb", StringComparison.Ordinal));

        Assert.Equal(3, outcomes.Count);
        TransactionEvent a = outcomes[0].Event!;
        TransactionEvent c = outcomes[2].Event!;
        Assert.Equal("Jennifer", a.Customer!.FirstName);
        Assert.Equal("Jen \"J\"", outcomes[1].Event!.Customer!.FirstName);
        Assert.Equal("Jennifer", c.Customer!.FirstName);
        Assert.Equal(("Rippin Kub and Mann", "2703186189652095", "misc_net", "Psychologist, counselling"), (c.Merchant, c.AccountId, c.SourceCategory, c.Customer.Job));
        // The repeated values are read once: the third row shares the first row's strings.
        Assert.Same(a.Merchant, c.Merchant);
        Assert.Same(a.Customer.Street, c.Customer.Street);
        Assert.NotEqual(a.TransactionId, c.TransactionId);
    }

    [Fact]
    public void Read_SameCardRows_ShareTheIdentityUntilADetailChanges()
    {
        string row = GoodRow.Replace("\"Psychologist, counselling\"", "Teacher", StringComparison.Ordinal);
        string moved = row.Replace("0b242abb", "2b242abb", StringComparison.Ordinal).Replace(",28654,", ",28655,", StringComparison.Ordinal);
        string negativeZero = row.Replace("0b242abb", "4b242abb", StringComparison.Ordinal).Replace(",28654,36.0788,", ",28654,-0,", StringComparison.Ordinal);
        string zero = negativeZero.Replace("4b242abb", "5b242abb", StringComparison.Ordinal).Replace(",-0,", ",0,", StringComparison.Ordinal);
        List<ReadOutcome> outcomes = Read(Header + "\n" + row + "\n" + row.Replace("0b242abb", "1b242abb", StringComparison.Ordinal) + "\n" + moved + "\n" + negativeZero + "\n" + zero);

        CustomerIdentity[] customers = [.. outcomes.Select(o => o.Event!.Customer!)];
        Assert.Same(customers[0], customers[1]);
        Assert.NotSame(customers[1], customers[2]);
        Assert.Equal(("28654", "28655"), (customers[1].Zip, customers[2].Zip));
        // -0 and 0 are equal numbers but written differently: each row keeps its own.
        Assert.NotSame(customers[3], customers[4]);
        Assert.True(double.IsNegative(customers[3].Home!.Value.Lat));
        Assert.False(double.IsNegative(customers[4].Home!.Value.Lat));

        // A quoted job without quotes inside compares as its text.
        List<ReadOutcome> quoted = Read(Header + "\n" + GoodRow + "\n" + GoodRow.Replace("0b242abb", "1b242abb", StringComparison.Ordinal));
        Assert.Same(quoted[0].Event!.Customer, quoted[1].Event!.Customer);
        Assert.Equal("Psychologist, counselling", quoted[1].Event!.Customer!.Job);
    }
}
