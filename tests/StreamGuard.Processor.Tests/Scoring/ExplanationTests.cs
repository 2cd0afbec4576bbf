using StreamGuard.Scoring;
using static StreamGuard.Processor.Tests.Scoring.ScorerTestStreams;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class ExplanationTests
{
    [Fact]
    public void ScoreAndLearn_PlantedNightSpree_ExplainsWithTheNumbers()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.3, MaxReasons = 5 });
        ScoreAll(scorer, Habit("card-a", 60, seed: 1));
        DateTimeOffset night = Start.AddDays(60).AddHours(2).AddMinutes(13);

        FraudAssessment result = scorer.ScoreAndLearn(
            Purchase("card-a", night, 912m, "shopping_net", "fraud_Faraway", 480).Transaction,
            new(480, 40, null));

        Assert.True(result.IsAlert);
        Assert.Contains(result.Reasons, r => r.StartsWith("amount $912.00, ", StringComparison.Ordinal) && r.Contains("x this card's typical $6", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("02:13, this card is usually active 1", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("merchant 480 km from home", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreAndLearn_BurstOfPurchases_CountsThemInWords()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.2, MaxReasons = 5 });
        ScoreAll(scorer, Habit("card-b", 60, seed: 2));
        DateTimeOffset at = Start.AddDays(60).AddHours(12);

        FraudAssessment last = null!;
        for (int i = 0; i < 5; i++)
        {
            var (transaction, features) = Purchase("card-b", at.AddMinutes(i * 2), 3.5m, "gas_transport", $"fraud_Pump{i}");
            last = scorer.ScoreAndLearn(transaction, in features);
        }

        Assert.True(last.IsAlert);
        Assert.Contains("5th purchase in 10 minutes", last.Reasons);
    }

    [Fact]
    public void ScoreAndLearn_NormalPurchase_HasNoAlertAndNoReasons()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.5 });
        ScoreAll(scorer, Habit("card-c", 60, seed: 3));

        var (transaction, features) = Purchase("card-c", Start.AddDays(60).AddHours(13), 61m, merchant: "fraud_Local1");
        FraudAssessment result = scorer.ScoreAndLearn(transaction, in features);

        Assert.False(result.IsAlert);
        Assert.Empty(result.Reasons);
    }
}
