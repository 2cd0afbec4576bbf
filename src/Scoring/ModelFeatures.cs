using StreamGuard.Pipeline;

namespace StreamGuard.Scoring;

/// <summary>
/// The one definition of the features a trained model sees, used by <c>train</c>, <c>evaluate</c>,
/// <c>run</c>, <c>consume</c> and the dashboard alike. Everything is computed from what was known
/// before the transaction (the card's profile and the population priors before they learn from it),
/// never from its label. Unknown values are -1, never NaN, so every tree takes the same branch.
/// </summary>
internal static class ModelFeatures
{
    /// <summary>Changes whenever a feature is added, removed or redefined; a model of another schema is refused.</summary>
    public const int SchemaVersion = 1;

    public const int Count = 51;

    public const int Amount = 0;
    public const int LogAmount = 1;
    public const int CategoryCode = 2;
    public const int Hour = 3;
    public const int Weekday = 4;
    public const int AgeYears = 5;
    public const int LogCityPopulation = 6;
    public const int LogDistanceKm = 7;
    public const int LogSecondsSincePrevious = 8;
    public const int Count1Hour = 9;
    public const int Spend1Hour = 10;
    public const int Count24Hours = 11;
    public const int Spend24Hours = 12;
    public const int Count7Days = 13;
    public const int Spend7Days = 14;
    public const int AmountOverCardMean = 15;
    public const int CardMeanAmount = 16;
    public const int CardTransactions = 17;
    public const int NewMerchant = 18;
    public const int NewCategory = 19;
    /// <summary>The scorer's own per-card and population features (<see cref="FeatureVector"/>) start here.</summary>
    public const int ScorerFeatures = 20;
    public const int Unsupervised = ScorerFeatures + FeatureVector.Length;
    public const int Detector = Unsupervised + 1;
    public const int EvidenceAmount = Detector + 1;
    public const int EvidenceHour = EvidenceAmount + 1;
    public const int EvidenceVelocity = EvidenceAmount + 2;
    public const int EvidenceDistance = EvidenceAmount + 3;
    public const int EvidenceCategory = EvidenceAmount + 4;
    public const int EvidenceJump = EvidenceAmount + 5;
    public const int EvidenceTesting = EvidenceAmount + 6;
    public const int EvidenceContext = EvidenceAmount + 7;
    public const int PopulationOddness = EvidenceAmount + 8;
    public const int EvidencePopulation = EvidenceAmount + 9;

    // Fixed codes, so a model trained on one file reads another file's categories the same way.
    private static readonly string[] s_knownCategories =
    [
        "entertainment", "food_dining", "gas_transport", "grocery_net", "grocery_pos", "health_fitness", "home",
        "kids_pets", "misc_net", "misc_pos", "personal_care", "shopping_net", "shopping_pos", "travel",
    ];

    private static readonly string[] s_names = BuildNames();

    public static IReadOnlyList<string> Names => s_names;

    public static float CategoryCodeOf(string? category)
    {
        if (category is null)
        {
            return -1;
        }

        int known = Array.IndexOf(s_knownCategories, category);
        return known >= 0 ? known : 100 + (int)((uint)StableHash.Of(category) % 900);
    }

    public static void Extract(
        in TransactionInput input, string? category, in RawFeatures raw, CardProfile? profile,
        in FeatureVector vector, in Evidence evidence, double unsupervised, double detector, double oddness, out ModelRow row)
    {
        row = default;
        row[Amount] = (float)input.Amount;
        row[LogAmount] = (float)input.LogAmount;
        row[CategoryCode] = CategoryCodeOf(category);
        row[Hour] = input.Hour + (input.Minute / 60f);
        row[Weekday] = (int)new DateTime(input.Ticks, DateTimeKind.Utc).DayOfWeek;
        row[AgeYears] = raw.AgeYears ?? -1;
        row[LogCityPopulation] = raw.CityPopulation is int pop and > 0 ? (float)Math.Log(pop) : -1;
        row[LogDistanceKm] = input.LogDistance is { } d ? (float)d : -1;
        row[LogSecondsSincePrevious] = -1;
        row[AmountOverCardMean] = -1;
        row[CardMeanAmount] = -1;
        if (profile is { Count: > 0 })
        {
            row[LogSecondsSincePrevious] = (float)Math.Log(1 + (Math.Max(0, input.Ticks - profile.LastTicks) / (double)TimeSpan.TicksPerSecond));
            var (c1h, s1h) = profile.Recent(input.Ticks, FeatureExtractor.OneHour);
            var (c24h, s24h) = profile.Recent(input.Ticks, FeatureExtractor.OneDay);
            var (c7d, s7d) = profile.Week(input.Ticks);
            row[Count1Hour] = c1h;
            row[Spend1Hour] = (float)s1h;
            row[Count24Hours] = c24h;
            row[Spend24Hours] = (float)s24h;
            row[Count7Days] = (float)c7d;
            row[Spend7Days] = (float)s7d;
            double mean = profile.AmountTotal / profile.Count;
            row[CardMeanAmount] = (float)mean;
            row[AmountOverCardMean] = (float)(input.Amount / Math.Max(0.01, mean));
            row[CardTransactions] = profile.Count;
            row[NewMerchant] = profile.KnowsMerchant(input.MerchantHash) ? 0 : 1;
            row[NewCategory] = profile.CategoryWeight(input.Category) > 0 ? 0 : 1;
        }
        else
        {
            row[NewMerchant] = 1;
            row[NewCategory] = 1;
        }

        for (int i = 0; i < FeatureVector.Length; i++)
        {
            row[ScorerFeatures + i] = vector[i];
        }

        row[Unsupervised] = (float)unsupervised;
        row[Detector] = (float)detector;
        row[EvidenceAmount] = (float)evidence.Amount;
        row[EvidenceHour] = (float)evidence.Hour;
        row[EvidenceVelocity] = (float)evidence.Velocity;
        row[EvidenceDistance] = (float)evidence.Distance;
        row[EvidenceCategory] = (float)evidence.Category;
        row[EvidenceJump] = (float)evidence.Jump;
        row[EvidenceTesting] = (float)evidence.Testing;
        row[EvidenceContext] = (float)evidence.Context;
        row[PopulationOddness] = (float)oddness;
        row[EvidencePopulation] = (float)evidence.Population;
    }

    private static string[] BuildNames()
    {
        string[] names = new string[Count];
        string[] head =
        [
            "amount", "log_amount", "category", "hour", "weekday", "age_years", "log_city_population", "log_distance_km",
            "log_seconds_since_previous", "count_1h", "spend_1h", "count_24h", "spend_24h", "count_7d", "spend_7d",
            "amount_over_card_mean", "card_mean_amount", "card_transactions", "new_merchant", "new_category",
        ];
        head.CopyTo(names, 0);
        string[] scorer =
        [
            "amount_z_card", "amount_z_category", "hour_surprise", "category_surprise", "merchant_new_bloom", "log_distance",
            "distance_z_card", "count_10m", "count_1h_ring", "count_24h_ring", "log_hours_since_previous", "spend_24h_ratio",
            "night", "card_maturity", "hour_of_day", "log_amount_scorer", "prior_suspicion", "log_jump_speed", "test_charges",
        ];
        scorer.CopyTo(names, ScorerFeatures);
        string[] tail = ["unsupervised", "detector", "evidence_amount", "evidence_hour", "evidence_velocity", "evidence_distance", "evidence_category", "evidence_jump", "evidence_testing", "evidence_context", "population_oddness", "evidence_population"];
        tail.CopyTo(names, Unsupervised);
        return names;
    }
}
