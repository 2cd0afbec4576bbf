using StreamGuard.Scoring;
using static StreamGuard.Processor.Tests.Scoring.ScorerTestStreams;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class EpisodeEvidenceTests
{
    [Fact]
    public void ScoreAndLearn_FarPurchaseAnHourAfterAHomeOne_ScoresAboveATripAndNamesTheSpeed()
    {
        var options = new ScoringOptions { FixedThreshold = 0.001, MaxReasons = 6 };
        var skimmed = new OnlineFraudScorer(options);
        var travelling = new OnlineFraudScorer(options);
        ScoreAll(skimmed, Habit("card-s", 60, seed: 4));
        ScoreAll(travelling, Habit("card-s", 60, seed: 4));
        DateTimeOffset day = Start.AddDays(60);
        ScoreAll(skimmed, [Purchase("card-s", day.AddHours(10), 61m, merchant: "fraud_Local1")]);

        // The same far purchase: one hour after a purchase at home, or on a trip begun the day before.
        FraudAssessment jump = ScoreAll(skimmed, [Purchase("card-s", day.AddHours(11), 70m, merchant: "fraud_Faraway", distanceKm: 1200)])[0];
        FraudAssessment trip = ScoreAll(travelling, [Purchase("card-s", day.AddHours(11), 70m, merchant: "fraud_Faraway", distanceKm: 1200)])[0];

        Assert.True(jump.Score > trip.Score, $"jump {jump.Score:0.000} <= trip {trip.Score:0.000}");
        Assert.Contains(jump.Reasons, r => r.StartsWith("merchant 1,200 km from home, reachable from this card's last purchases only at 1,1", StringComparison.Ordinal) && r.EndsWith(" km/h", StringComparison.Ordinal));
        Assert.DoesNotContain(trip.Reasons, r => r.EndsWith(" km/h", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreAndLearn_FarPurchaseThenReturnHome_DoesNotBlameTheReturn()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.001, MaxReasons = 6 });
        ScoreAll(scorer, Habit("card-r", 60, seed: 5));
        DateTimeOffset day = Start.AddDays(60);
        ScoreAll(scorer, [Purchase("card-r", day.AddHours(10), 70m, merchant: "fraud_Faraway", distanceKm: 1200)]);

        FraudAssessment home = ScoreAll(scorer, [Purchase("card-r", day.AddHours(11), 63m, merchant: "fraud_Local2")])[0];

        Assert.DoesNotContain(home.Reasons, r => r.EndsWith(" km/h", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreAndLearn_TinyChargesThenLargeOnlinePurchase_NamesTheCardTesting()
    {
        var tested = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.001, MaxReasons = 6 });
        var single = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.001, MaxReasons = 6 });
        ScoreAll(tested, Habit("card-t", 60, seed: 6));
        ScoreAll(single, Habit("card-t", 60, seed: 6));
        DateTimeOffset at = Start.AddDays(60).AddHours(14);

        List<FraudAssessment> charges = ScoreAll(tested,
        [
            Purchase("card-t", at, 1.50m, "misc_net", "fraud_Test0"),
            Purchase("card-t", at.AddMinutes(2), 2.10m, "misc_net", "fraud_Test1"),
            Purchase("card-t", at.AddMinutes(4), 2.80m, "misc_net", "fraud_Test2"),
            Purchase("card-t", at.AddMinutes(25), 900m, "shopping_net", "fraud_Shop"),
        ]);
        FraudAssessment lone = ScoreAll(single, [Purchase("card-t", at.AddMinutes(4), 2.80m, "misc_net", "fraud_Test2")])[0];

        Assert.True(charges[2].Score > lone.Score, $"third test charge {charges[2].Score:0.000} <= lone small charge {lone.Score:0.000}");
        Assert.Contains("2 charges under $5 in the last hour, as when a stolen card is tested", charges[2].Reasons);
        Assert.Contains("3 charges under $5 in the last hour, as when a stolen card is tested", charges[3].Reasons);
    }
}
