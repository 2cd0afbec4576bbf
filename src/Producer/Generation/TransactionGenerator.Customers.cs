using System.Globalization;

namespace StreamGuard.Producer.Generation;

internal sealed partial class TransactionGenerator
{
    private SyntheticCustomer NewCustomer(int id)
    {
        CustomerArchetype archetype = PickArchetype();
        bool female = _random.NextDouble() < 0.5;
        var home = Catalog.Cities[_random.Next(Catalog.Cities.Length)];
        home = (home.City, home.State, home.Zip, Math.Round(home.Lat + (_random.NextDouble() - 0.5) * 0.4, 4), Math.Round(home.Lon + (_random.NextDouble() - 0.5) * 0.4, 4), home.Population);
        int age = _random.Next(archetype.MinAge, archetype.MaxAge + 1);
        DateOnly dob = _options.StartDate.AddYears(-age).AddDays(-_random.Next(365));
        string prefix = _random.Next(3) switch { 0 => "4", 1 => "5", _ => "37" };
        string digits = prefix + string.Concat(Enumerable.Range(0, 15 - prefix.Length).Select(_ => _random.Next(10).ToString(CultureInfo.InvariantCulture)));
        var usual = s_amounts.Keys.ToDictionary(category => category, category => Enumerable.Range(0, _random.Next(2, 6)).Select(_ => Pick(_merchants[category])).Distinct().ToArray());
        return new SyntheticCustomer(
            id,
            archetype,
            Luhn(digits),
            female ? Pick(Catalog.FirstNamesFemale) : Pick(Catalog.FirstNamesMale),
            Pick(Catalog.LastNames),
            female ? "F" : "M",
            string.Create(CultureInfo.InvariantCulture, $"{_random.Next(1, 99999)} {Pick(Catalog.StreetNames)} {Pick(Catalog.StreetSuffixes)}"),
            home,
            Pick(Catalog.Jobs),
            dob,
            archetype.AmountScale * Math.Exp(0.25 * Gaussian()),
            archetype.TransactionsPerDay * Math.Exp(0.3 * Gaussian()),
            usual);
    }

    private CustomerArchetype PickArchetype()
    {
        double x = _random.NextDouble() * CustomerArchetype.All.Sum(a => a.Weight);
        foreach (CustomerArchetype archetype in CustomerArchetype.All)
        {
            x -= archetype.Weight;
            if (x < 0)
            {
                return archetype;
            }
        }

        return CustomerArchetype.All[^1];
    }

    private List<FraudEpisode> PlanEpisodes()
    {
        var episodes = new List<FraudEpisode>();
        double probability = 1 - Math.Pow(1 - _options.EpisodeProbabilityPer30Days, _options.Days / 30.0);
        FraudKind[] kinds = Enum.GetValues<FraudKind>();
        foreach (SyntheticCustomer c in _customers)
        {
            if (_random.NextDouble() >= probability)
            {
                continue;
            }

            FraudKind kind = kinds[_random.Next(kinds.Length)];
            DateTime start = _options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(_random.Next(Math.Max(1, _options.Days)));
            int days = kind switch { FraudKind.NightSpree => _random.Next(1, 4), FraudKind.SkimmedFarAway => _random.Next(1, 3), _ => 1 };
            episodes.Add(new FraudEpisode(c, kind, start, days));
        }

        return episodes;
    }

    private void AddFraud(FraudEpisode episode, DateTime date, List<GeneratedTransaction> day)
    {
        SyntheticCustomer c = episode.Customer;
        switch (episode.Kind)
        {
            case FraudKind.NightSpree:
                for (int i = _random.Next(2, 5); i > 0; i--)
                {
                    string category = Pick(["shopping_net", "misc_net", "grocery_pos"]);
                    double amount = category == "grocery_pos" ? 280 + (_random.NextDouble() * 90) : 250 + (_random.NextDouble() * 950);
                    int hour = Pick([22, 23, 0, 1, 2, 3]);
                    DateTime time = date.AddHours(hour).AddSeconds(_random.Next(3600));
                    day.Add(Fraud(episode.Kind, c, time, category, amount, Near((c.Home.Lat, c.Home.Lon), 1.0)));
                }

                break;
            case FraudKind.CardTesting:
                DateTime at = date.AddHours(_random.Next(24)).AddSeconds(_random.Next(3600));
                for (int i = _random.Next(3, 7); i > 0; i--)
                {
                    at = at.AddSeconds(_random.Next(20, 300));
                    day.Add(Fraud(episode.Kind, c, at, "misc_net", 1 + (_random.NextDouble() * 3), Near((c.Home.Lat, c.Home.Lon), 1.0)));
                }

                for (int i = _random.Next(2, 5); i > 0; i--)
                {
                    at = at.AddSeconds(_random.Next(300, 2400));
                    day.Add(Fraud(episode.Kind, c, at, "shopping_net", 400 + (_random.NextDouble() * 1100), Near((c.Home.Lat, c.Home.Lon), 1.0)));
                }

                break;
            case FraudKind.SkimmedFarAway:
                var far = Catalog.Cities.Where(city => Distance(city.Lat, city.Lon, c.Home.Lat, c.Home.Lon) > 800).ToArray();
                var place = far.Length > 0 ? far[(episode.Start.Day + c.Id) % far.Length] : Catalog.Cities[0];
                for (int i = _random.Next(3, 6); i > 0; i--)
                {
                    string category = Pick(["gas_transport", "shopping_pos", "food_dining", "misc_pos"]);
                    double amount = s_amounts[category].Median * c.AmountScale * (3 + (_random.NextDouble() * 5));
                    day.Add(Fraud(episode.Kind, c, date.AddHours(_random.Next(8, 23)).AddSeconds(_random.Next(3600)), category, amount, Near((place.Lat, place.Lon), 0.3)));
                }

                break;
            case FraudKind.BigTicket:
                for (int i = _random.Next(1, 3); i > 0; i--)
                {
                    string category = Pick(["shopping_pos", "travel", "shopping_net"]);
                    double amount = s_amounts[category].Median * c.AmountScale * (12 + (_random.NextDouble() * 20));
                    day.Add(Fraud(episode.Kind, c, date.AddHours(_random.Next(9, 21)).AddSeconds(_random.Next(3600)), category, amount, Near((c.Home.Lat, c.Home.Lon), 0.8)));
                }

                break;
        }
    }

    private GeneratedTransaction Fraud(FraudKind kind, SyntheticCustomer c, DateTime time, string category, double amount, (double Lat, double Lon) where) =>
        new(time, c, Pick(_merchants[category]), category, Money(amount), where.Lat, where.Lon, true, TransactionId(), kind);

    private static double Distance(double lat1, double lon1, double lat2, double lon2) =>
        new Core.Model.GeoPoint(lat1, lon1).DistanceKmTo(new Core.Model.GeoPoint(lat2, lon2));
}
