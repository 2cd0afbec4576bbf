using System.Globalization;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Tests.Shared.Privacy;

/// <summary>
/// Generated transactions whose customers carry unique, searchable canary values (names, streets,
/// cities, jobs, Luhn-valid card numbers, birth dates), written as a Sparkov CSV with a few
/// unreadable rows that carry canaries too (they must end up sealed in the dead letters).
/// </summary>
internal sealed class CanaryDataSet
{
    public const int BadRows = 3;
    private readonly List<string> _transactionIds = [];

    public CanaryDataSet(string path, int customers = 60, int days = 14, int seed = 5)
    {
        Path = path;
        var generator = new TransactionGenerator(new GeneratorOptions(customers, days, seed, new DateOnly(2024, 2, 1)));
        var canaries = generator.Customers.ToDictionary(c => c.Id, Canary);
        Customers = canaries.Values.ToList();
        using var writer = new SparkovCsvWriter(new StreamWriter(path));
        foreach (GeneratedTransaction t in generator.Generate())
        {
            writer.Write(t with { Customer = canaries[t.Customer.Id] });
            _transactionIds.Add(t.TransactionId);
            Total += t.Amount;
        }

        Rows = writer.Rows;
        writer.Dispose();
        using var bad = new StreamWriter(path, append: true);
        foreach (SyntheticCustomer c in Customers.Take(BadRows))
        {
            bad.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Rows + c.Id},2024-02-03 10:00:00,{c.CardNumber},Shop,grocery_pos,not-a-number,{c.FirstName},{c.LastName},F,{c.Street},{c.Home.City},NY,10001,40.5,-73.5,1000,{c.Job},{c.DateOfBirth:yyyy-MM-dd},bad{c.Id},1706954400,40.6,-73.6,0"));
        }
    }

    public string Path { get; }

    public IReadOnlyList<SyntheticCustomer> Customers { get; }

    /// <summary>Readable rows (the unreadable ones come on top).</summary>
    public long Rows { get; }

    public decimal Total { get; }

    /// <summary>The source transaction ids (Sparkov trans_num): whoever holds the raw file could join an output row back with one.</summary>
    public IReadOnlyList<string> TransactionIds => _transactionIds;

    /// <summary>Every value that identifies a canary customer or joins back to the raw file; none may appear in any output.</summary>
    public IEnumerable<string> Values() => Customers.SelectMany(c => new[]
    {
        c.FirstName, c.LastName, c.Street, c.Home.City, c.Job, c.CardNumber, c.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        c.Home.Lat.ToString(CultureInfo.InvariantCulture), c.Home.Lon.ToString(CultureInfo.InvariantCulture),
    }).Concat(_transactionIds);

    private static SyntheticCustomer Canary(SyntheticCustomer c)
    {
        string n = c.Id.ToString("D4", CultureInfo.InvariantCulture);
        return c with
        {
            FirstName = "Cnryfirst" + n,
            LastName = "Cnrylast" + n,
            Street = n + " Canarystreet Walk",
            Home = c.Home with { City = "Canarycity" + n, Lat = Math.Round(c.Home.Lat, 4) + 0.00007, Lon = Math.Round(c.Home.Lon, 4) - 0.00007 },
            Job = "Canaryjob " + n,
            CardNumber = Luhn("49" + (731_000_000_000L + (c.Id * 7_919L)).ToString("D13", CultureInfo.InvariantCulture)),
            DateOfBirth = new DateOnly(1940, 1, 3).AddDays(c.Id * 211),
        };
    }

    /// <summary>Appends the check digit that makes the number Luhn-valid.</summary>
    private static string Luhn(string body)
    {
        int sum = 0;
        for (int i = 0; i < body.Length; i++)
        {
            int d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public static bool IsLuhnValid(string digits)
    {
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
