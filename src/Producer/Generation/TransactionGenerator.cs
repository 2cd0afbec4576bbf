using System.Globalization;

namespace StreamGuard.Producer.Generation;

/// <summary>
/// Generates labelled card transactions in event-time order: customers of distinct archetypes
/// with daily and weekly rhythms, trips, usual merchants, and injected fraud episodes of several
/// kinds. The same options and seed always give the same output.
/// </summary>
internal sealed partial class TransactionGenerator
{
    private static readonly Dictionary<string, (double Median, double Sigma)> s_amounts = new()
    {
        ["grocery_pos"] = (62, 0.55), ["grocery_net"] = (52, 0.6), ["gas_transport"] = (55, 0.5), ["food_dining"] = (24, 0.7),
        ["shopping_pos"] = (38, 0.9), ["shopping_net"] = (34, 0.9), ["misc_pos"] = (28, 0.9), ["misc_net"] = (22, 0.9),
        ["entertainment"] = (38, 0.8), ["health_fitness"] = (30, 0.6), ["home"] = (42, 0.8), ["kids_pets"] = (34, 0.7),
        ["personal_care"] = (18, 0.8), ["travel"] = (120, 1.1),
    };

    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly Dictionary<string, string[]> _merchants;
    private readonly List<SyntheticCustomer> _customers;
    private readonly List<FraudEpisode> _episodes;

    public TransactionGenerator(GeneratorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _merchants = s_amounts.Keys.ToDictionary(category => category, _ => Enumerable.Range(0, 40).Select(_ => MerchantName()).Distinct().ToArray());
        _customers = Enumerable.Range(0, options.Customers).Select(NewCustomer).ToList();
        _episodes = PlanEpisodes();
    }

    public IReadOnlyList<SyntheticCustomer> Customers => _customers;

    public IReadOnlyList<FraudEpisode> Episodes => _episodes;

    public IEnumerable<GeneratedTransaction> Generate()
    {
        var trips = new Dictionary<int, (int Until, (double Lat, double Lon) Where)>();
        var day = new List<GeneratedTransaction>();
        for (int d = 0; d < _options.Days; d++)
        {
            DateTime date = _options.StartDate.AddDays(d).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            bool weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            day.Clear();
            foreach (SyntheticCustomer c in _customers)
            {
                (double Lat, double Lon) where = (c.Home.Lat, c.Home.Lon);
                if (trips.TryGetValue(c.Id, out var trip) && trip.Until >= d)
                {
                    where = trip.Where;
                }
                else if (_random.NextDouble() < c.Archetype.TravelProbabilityPerDay)
                {
                    var destination = Catalog.Cities[_random.Next(Catalog.Cities.Length)];
                    trips[c.Id] = (d + _random.Next(2, 8), (destination.Lat, destination.Lon));
                    where = trips[c.Id].Where;
                }

                double expected = c.Rate * (weekend ? c.Archetype.WeekendFactor : 1.0) * (where == (c.Home.Lat, c.Home.Lon) ? 1.0 : 1.5);
                int count = Poisson(expected);
                for (int i = 0; i < count; i++)
                {
                    day.Add(Legit(c, date, where));
                }
            }

            foreach (FraudEpisode episode in _episodes)
            {
                int offset = (int)(date - episode.Start.Date).TotalDays;
                if (offset >= 0 && offset < episode.Days)
                {
                    AddFraud(episode, date, day);
                }
            }

            day.Sort((a, b) => a.Time.CompareTo(b.Time));
            foreach (GeneratedTransaction t in day)
            {
                yield return t;
            }
        }
    }

    private GeneratedTransaction Legit(SyntheticCustomer c, DateTime date, (double Lat, double Lon) where)
    {
        string category = Pick(c.Archetype.CategoryMix);
        string merchant = _random.NextDouble() < 0.85 ? Pick(c.UsualMerchants[category]) : Pick(_merchants[category]);
        (double median, double sigma) = s_amounts[category];
        decimal amount = Money(median * c.AmountScale * Math.Exp(sigma * Gaussian()));
        int hour = _random.NextDouble() < 0.03
            ? _random.Next(24)
            : c.Archetype.ActiveHours.Start + (int)(Triangular() * (c.Archetype.ActiveHours.End - c.Archetype.ActiveHours.Start));
        DateTime time = date.AddHours(Math.Min(hour, 23)).AddSeconds(_random.Next(3600));
        (double lat, double lon) = Near(where, category.EndsWith("_net", StringComparison.Ordinal) ? 1.0 : 0.5);
        return new GeneratedTransaction(time, c, merchant, category, amount, lat, lon, false, TransactionId());
    }

    private static string Hex(Random random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    private string TransactionId() => Hex(_random, 16);

    private static decimal Money(double amount) => Math.Round((decimal)Math.Clamp(amount, 1.0, 25_000.0), 2);

    private (double Lat, double Lon) Near((double Lat, double Lon) center, double spread) =>
        (Math.Round(center.Lat + ((_random.NextDouble() * 2) - 1) * spread, 6), Math.Round(center.Lon + ((_random.NextDouble() * 2) - 1) * spread, 6));

    private int Poisson(double lambda)
    {
        double limit = Math.Exp(-lambda), product = _random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= _random.NextDouble();
            k++;
        }

        return k;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private double Triangular() => (_random.NextDouble() + _random.NextDouble()) / 2;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string Pick(IReadOnlyDictionary<string, double> weights)
    {
        double total = weights.Values.Sum(), x = _random.NextDouble() * total;
        foreach ((string key, double weight) in weights)
        {
            x -= weight;
            if (x < 0 && weight > 0)
            {
                return key;
            }
        }

        return weights.Last(kv => kv.Value > 0).Key;
    }

    private string MerchantName()
    {
        string a = Pick(Catalog.CompanyWords), b = Pick(Catalog.CompanyWords);
        return _random.Next(3) switch
        {
            0 => $"fraud_{a}-{b}",
            1 => $"fraud_{a} {Pick(Catalog.CompanyForms)}",
            _ => $"fraud_{a}, {b} and {Pick(Catalog.CompanyWords)}",
        };
    }

    private static string Luhn(string partial)
    {
        int sum = 0;
        for (int i = 0; i < partial.Length; i++)
        {
            int digit = partial[partial.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit -= digit > 9 ? 9 : 0;
            }

            sum += digit;
        }

        return partial + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }
}
