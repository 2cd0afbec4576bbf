using System.Globalization;
using System.Text;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Scoring;

/// <summary>Writes a synthetic stream as a labelled Sparkov CSV, the input `evaluate` reads.</summary>
internal static class SparkovCsvFile
{
    private const string Header = "trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud";

    public static void Write(string path, IEnumerable<(EnrichedTransaction Transaction, RawFeatures Features)> events)
    {
        var cards = new Dictionary<string, long>(StringComparer.Ordinal);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (t, f) in events)
        {
            if (!cards.TryGetValue(t.CardId, out long number))
            {
                number = 4_000_000_000_000_000 + cards.Count;
                cards[t.CardId] = number;
            }

            GeoPoint home = f.Home ?? new GeoPoint(40, -80);
            double merchantLat = home.Lat + ((f.DistanceFromHomeKm ?? 0) / 111.2);
            text.Append(CultureInfo.InvariantCulture,
                $"{t.EventTime:yyyy-MM-dd HH:mm:ss},{number},fraud_{t.Merchant},{t.SourceCategory},{t.Amount},Ann,Lee,F,1 Main St,Town,PA,15686,{home.Lat:0.0000},{home.Lon:0.0000},1000,Clerk,1984-05-06,{t.TransactionId},{t.EventTime.ToUnixTimeSeconds()},{merchantLat:0.000000},{home.Lon:0.000000},{(t.IsFraud == true ? 1 : 0)}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}
