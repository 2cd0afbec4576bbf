namespace StreamGuard.Producer.Generation;

/// <summary>What to generate: how many customers over how many days, from which seed.</summary>
internal sealed record GeneratorOptions(int Customers, int Days, int Seed, DateOnly StartDate)
{
    /// <summary>Chance that a customer's card suffers a fraud episode in a 30-day stretch.</summary>
    public double EpisodeProbabilityPer30Days { get; init; } = 0.08;
}
