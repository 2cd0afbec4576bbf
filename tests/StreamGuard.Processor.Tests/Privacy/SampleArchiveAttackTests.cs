using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Privacy;
using StreamGuard.Processor.Tests.Cli;
using Xunit.Abstractions;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>
/// What an attacker gets from the archive of data/sample.csv: the k-anonymity check that run and inspect report,
/// and a trilateration of homes from the banded distances.
/// </summary>
public sealed class SampleArchiveAttackTests(ITestOutputHelper output) : IDisposable
{
    // The narrowest distance band (0-5 km): an attack that located homes more precisely than this would have
    // beaten the banding.
    private const double NarrowestBandKm = 5;
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-attack-").FullName;

    private static string Sample
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "StreamGuard.sln")))
                {
                    return Path.Combine(dir.FullName, "data", "sample.csv");
                }
            }

            throw new InvalidOperationException("StreamGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public async Task RunInspectAndAttack_SampleArchive_KAnonymityAgreesAndHomesNotRecoveredWithinTheNarrowestBand()
    {
        string data = Path.Combine(_dir, "data");
        var run = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", Sample, "--data-dir", data, "--json");
        Assert.True(run.Exit == 0, run.Stderr);
        JsonElement runK = JsonDocument.Parse(run.Stdout.TrimEnd().Split('\n')[^1]).RootElement.GetProperty("privacy").GetProperty("k_anonymity");
        Assert.Contains("k-anonymity", run.Stdout, StringComparison.Ordinal);
        var inspect = await CliProcess.RunAsync(CliProcess.Processor, "inspect", "--data-dir", data, "--json");
        Assert.True(inspect.Exit == 0, inspect.Stderr);
        JsonElement inspectK = JsonDocument.Parse(inspect.Stdout.TrimEnd().Split('\n')[^1]).RootElement.GetProperty("privacy").GetProperty("k_anonymity");

        List<JsonElement> archive = ArchiveRows(data);

        // The check, recomputed independently from the archive files (not the database the commands read).
        var classes = archive
            .GroupBy(r => string.Join('|', Field(r, "age_band"), Field(r, "home_state"), Field(r, "home_zip3"), Field(r, "home_cell")))
            .Select(g => (People: g.Select(r => Field(r, "customer_id")).Distinct().Count(), Rows: g.Count(), Customers: g.Select(r => Field(r, "customer_id")).Distinct().ToList()))
            .ToList();
        int k = runK.GetProperty("k").GetInt32();
        Assert.Equal(archive.Count, runK.GetProperty("rows").GetInt64());
        Assert.Equal(classes.Count, runK.GetProperty("classes").GetInt64());
        Assert.Equal(classes.Min(c => c.People), runK.GetProperty("smallest_class").GetInt64());
        Assert.Equal(classes.Where(c => c.People < k).Sum(c => c.Rows), runK.GetProperty("rows_below_k").GetInt64());
        Assert.Equal(classes.Where(c => c.People < k).SelectMany(c => c.Customers).Distinct().Count(), runK.GetProperty("customers_below_k").GetInt64());
        Assert.Equal(runK.GetRawText(), inspectK.GetRawText());
        output.WriteLine($"k-anonymity (k={k}): {runK.GetRawText()}");

        // Trilateration, with more than the archive gives: the attacker also knows every row's merchant
        // coordinates (joined here through the key, which an attacker does not hold) and the home cell.
        PseudonymKey key = PseudonymKey.Resolve(null, data);
        var pseudonymizer = new Pseudonymizer(key);
        var merchants = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        var homes = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        foreach (ReadOutcome outcome in TransactionFileReader.Read(Sample))
        {
            if (outcome.Event is { MerchantLocation: { } m, Customer.Home: { } home } e)
            {
                merchants[pseudonymizer.TransactionId(e.TransactionId)] = m;
                homes[pseudonymizer.Pseudonym("card", e.AccountId)] = home;
            }
        }

        var errors = new List<double>();
        var baseline = new List<double>();
        foreach (IGrouping<string, JsonElement> card in archive.GroupBy(r => Field(r, "card_id")!))
        {
            var rings = card.Where(r => r.TryGetProperty("distance_from_home_km", out JsonElement d) && d.ValueKind == JsonValueKind.Number)
                .Select(r => (Merchant: merchants[Field(r, "transaction_id")!], Band: r.GetProperty("distance_from_home_km").GetDouble()))
                .ToList();
            Assert.NotEmpty(rings);
            Assert.DoesNotContain(card, r => r.TryGetProperty("merchant_location", out JsonElement m) && m.ValueKind != JsonValueKind.Null);
            GeoPoint guess = Trilaterate(Field(card.First(), "home_cell")!, rings);
            errors.Add(guess.DistanceKmTo(homes[card.Key]));
            // What the published cell alone gives: its centre.
            baseline.Add(CellCentre(Field(card.First(), "home_cell")!).DistanceKmTo(homes[card.Key]));
        }

        errors.Sort();
        baseline.Sort();
        double median = errors[errors.Count / 2];
        double cellMedian = baseline[baseline.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trilateration on {errors.Count} cards: home error min {errors[0]:0.0} km, median {median:0.0} km, 90th percentile {errors[(int)(errors.Count * 0.9)]:0.0} km; {errors.Count(e => e < NarrowestBandKm)} within {NarrowestBandKm} km; guessing the cell centre: median {cellMedian:0.0} km"));
        Assert.Equal(150, errors.Count);
        Assert.True(median > NarrowestBandKm, $"median home error {median:0.0} km: the banded distances located homes within the narrowest band");
        // The rings add nothing to the cell: the attack does no better than its centre (within the 0.01 degree grid).
        Assert.True(median >= cellMedian - 1.5, $"median home error {median:0.0} km against {cellMedian:0.0} km from the cell centre: the bands locate homes inside the cell");
    }

    /// <summary>
    /// The centroid of the points of the home cell (0.01 degree grid) that agree with the most rings: each row says
    /// the home lies between the band's edges from the merchant.
    /// </summary>
    private static GeoPoint Trilaterate(string cell, List<(GeoPoint Merchant, double Band)> rings)
    {
        double lat0 = double.Parse(cell[..2], CultureInfo.InvariantCulture) * (cell[2] == 'N' ? 1 : -1);
        double lon0 = double.Parse(cell[3..6], CultureInfo.InvariantCulture) * (cell[6] == 'E' ? 1 : -1);
        int best = -1;
        double sumLat = 0, sumLon = 0;
        int n = 0;
        for (int i = 0; i < 100; i++)
        {
            for (int j = 0; j < 100; j++)
            {
                var p = new GeoPoint(lat0 + ((i + 0.5) / 100), lon0 + ((j + 0.5) / 100));
                int agree = 0;
                foreach ((GeoPoint merchant, double band) in rings)
                {
                    double km = p.DistanceKmTo(merchant);
                    if (km >= band && km < Upper(band))
                    {
                        agree++;
                    }
                }

                if (agree > best)
                {
                    (best, sumLat, sumLon, n) = (agree, 0, 0, 0);
                }

                if (agree == best)
                {
                    (sumLat, sumLon, n) = (sumLat + p.Lat, sumLon + p.Lon, n + 1);
                }
            }
        }

        return new GeoPoint(sumLat / n, sumLon / n);
    }

    private static GeoPoint CellCentre(string cell) => new(
        (double.Parse(cell[..2], CultureInfo.InvariantCulture) * (cell[2] == 'N' ? 1 : -1)) + 0.5,
        (double.Parse(cell[3..6], CultureInfo.InvariantCulture) * (cell[6] == 'E' ? 1 : -1)) + 0.5);

    private static double Upper(double band) => band switch
    {
        0 => 5,
        5 => 25,
        25 => 100,
        100 => 500,
        500 => 2000,
        _ => double.PositiveInfinity,
    };

    private static List<JsonElement> ArchiveRows(string data) =>
        [.. Directory.EnumerateFiles(Path.Combine(data, "archive"), "*.ndjson", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)];

    private static string? Field(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
