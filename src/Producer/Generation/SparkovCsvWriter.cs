using System.Globalization;

namespace StreamGuard.Producer.Generation;

/// <summary>Writes generated transactions in the Kaggle/Sparkov CSV layout (leading index column included).</summary>
internal sealed class SparkovCsvWriter : IDisposable
{
    public const string Header = ",trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud,fraud_kind";

    /// <summary>The <c>fraud_kind</c> column: which generated episode a fraudulent row belongs to (empty for legitimate rows).</summary>
    public static string KindName(FraudKind? kind) => kind switch
    {
        FraudKind.NightSpree => "night_spree",
        FraudKind.CardTesting => "card_testing",
        FraudKind.SkimmedFarAway => "skimmed_far_away",
        FraudKind.BigTicket => "big_ticket",
        _ => "",
    };
    private readonly TextWriter _writer;
    private long _index;

    public SparkovCsvWriter(TextWriter writer)
    {
        _writer = writer;
        _writer.WriteLine(Header);
    }

    public long Rows => _index;

    public long Frauds { get; private set; }

    public void Write(in GeneratedTransaction t)
    {
        SyntheticCustomer c = t.Customer;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_index++},{t.Time:yyyy-MM-dd HH:mm:ss},{c.CardNumber},{Quote(t.Merchant)},{t.Category},{t.Amount:0.00},{c.FirstName},{c.LastName},{c.Gender},{Quote(c.Street)},{Quote(c.Home.City)},{c.Home.State},{c.Home.Zip},{c.Home.Lat},{c.Home.Lon},{c.Home.Population},{Quote(c.Job)},{c.DateOfBirth:yyyy-MM-dd},{t.TransactionId},{new DateTimeOffset(t.Time, TimeSpan.Zero).ToUnixTimeSeconds()},{t.MerchantLat},{t.MerchantLon},{(t.IsFraud ? 1 : 0)},{KindName(t.Kind)}");
        _writer.WriteLine(line);
        Frauds += t.IsFraud ? 1 : 0;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public void Dispose() => _writer.Dispose();
}
