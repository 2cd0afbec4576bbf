using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using static StreamGuard.Processor.Tests.Scoring.ScorerTestStreams;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class OnlineFraudScorerTests
{
    [Fact]
    public void ScoreAndLearn_PlantedOutliers_RankAboveNormalTraffic()
    {
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(300, 40, seed: 11, fraudCardShare: 0);
        var scorer = new OnlineFraudScorer(new ScoringOptions());
        List<FraudAssessment> normal = ScoreAll(scorer, stream);
        DateTimeOffset night = stream[^1].Transaction.EventTime.Date.AddDays(1).AddHours(2);
        string card = stream[^1].Transaction.CardId;

        // Three planted outliers on a known card: a huge night-time online purchase far from home.
        List<FraudAssessment> planted = ScoreAll(scorer,
        [
            Purchase(card, night.AddMinutes(5), 2400m, "shopping_net", "fraud_Unknown1", 900),
            Purchase(card, night.AddMinutes(20), 2100m, "shopping_net", "fraud_Unknown2", 900),
            Purchase(card, night.AddMinutes(45), 1900m, "misc_net", "fraud_Unknown3", 900),
        ]);

        double[] later = [.. normal.Skip(normal.Count / 2).Select(a => a.Score).Order()];
        double top = later[(int)(later.Length * 0.999)];
        Assert.All(planted, a => Assert.True(a.Score > top, $"planted {a.Score:0.000} <= normal 99.9th percentile {top:0.000}"));
        Assert.All(planted, a => Assert.True(a.IsAlert));
    }

    [Fact]
    public void ScoreAndLearn_SameSeed_GivesIdenticalScores()
    {
        List<(EnrichedTransaction, RawFeatures)> stream = SyntheticCardStream.Generate(100, 30, seed: 5);
        // Retrained models swap in at fixed points of the stream (the reproducible mode evaluate uses).
        var options = new ScoringOptions { Seed = 9, LabelDelay = TimeSpan.FromDays(2), RetrainSwapAfterEvents = 500 };

        List<FraudAssessment> first = ScoreAll(new OnlineFraudScorer(options), stream);
        List<FraudAssessment> second = ScoreAll(new OnlineFraudScorer(options), stream);
        List<FraudAssessment> otherSeed = ScoreAll(new OnlineFraudScorer(new ScoringOptions { Seed = 10, LabelDelay = TimeSpan.FromDays(2), RetrainSwapAfterEvents = 500 }), stream);

        Assert.Equal(first.Select(a => a.Score), second.Select(a => a.Score));
        Assert.Equal(first.Select(a => a.IsAlert), second.Select(a => a.IsAlert));
        Assert.NotEqual(first.Select(a => a.Score), otherSeed.Select(a => a.Score));
    }

    [Fact]
    public void ScoreAndLearn_LabelsBeforeTheirDelay_DoNotChangeAnyScore()
    {
        TimeSpan delay = TimeSpan.FromDays(5);
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(150, 30, seed: 3, fraudCardShare: 0.5);
        // The same events with every label flipped: only learning from labels can tell them apart.
        List<(EnrichedTransaction, RawFeatures)> flipped = [.. stream.Select(p => (p.Transaction with { IsFraud = !p.Transaction.IsFraud }, p.Features))];
        var options = new ScoringOptions { LabelDelay = delay, NegativeSampleRate = 1, RetrainSwapAfterEvents = 500 };

        List<FraudAssessment> truthful = ScoreAll(new OnlineFraudScorer(options), stream);
        List<FraudAssessment> lying = ScoreAll(new OnlineFraudScorer(options), flipped);

        DateTimeOffset firstRelease = stream[0].Transaction.EventTime + delay;
        int beforeRelease = stream.FindIndex(p => p.Transaction.EventTime >= firstRelease);
        Assert.True(beforeRelease > 1000);
        for (int i = 0; i < beforeRelease; i++)
        {
            Assert.Equal(truthful[i].Score, lying[i].Score);
        }

        // After the delay the labels do count, so the comparison above has teeth.
        Assert.Contains(Enumerable.Range(beforeRelease, stream.Count - beforeRelease), i => truthful[i].Score != lying[i].Score);
    }

    [Fact]
    public void ScoreAndLearn_LabelDelayNotSet_IgnoresLabels()
    {
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(80, 20, seed: 4, fraudCardShare: 0.5);
        List<(EnrichedTransaction, RawFeatures)> unlabelled = [.. stream.Select(p => (p.Transaction with { IsFraud = null }, p.Features))];

        List<FraudAssessment> labelled = ScoreAll(new OnlineFraudScorer(new ScoringOptions()), stream);
        List<FraudAssessment> blind = ScoreAll(new OnlineFraudScorer(new ScoringOptions()), unlabelled);

        Assert.Equal(labelled.Select(a => a.Score), blind.Select(a => a.Score));
    }

    [Fact]
    public void Restore_SnapshotIntoNewScorer_GivesIdenticalSubsequentScores()
    {
        List<(EnrichedTransaction, RawFeatures)> stream = SyntheticCardStream.Generate(200, 40, seed: 8);
        var options = new ScoringOptions { LabelDelay = TimeSpan.FromDays(3), Seed = 21, RetrainSwapAfterEvents = 500 };
        int half = stream.Count / 2;
        var original = new OnlineFraudScorer(options);
        ScoreAll(original, stream.Take(half));

        byte[] snapshot = original.Snapshot();
        var restored = new OnlineFraudScorer(options);
        restored.Restore(snapshot);
        List<FraudAssessment> expected = ScoreAll(original, stream.Skip(half));
        List<FraudAssessment> actual = ScoreAll(restored, stream.Skip(half));

        Assert.True(original.LabelsLearned > 0);
        Assert.Equal(expected.Select(a => a.Score), actual.Select(a => a.Score));
        Assert.Equal(expected.Select(a => a.IsAlert), actual.Select(a => a.IsAlert));
        Assert.Equal(expected.SelectMany(a => a.Reasons), actual.SelectMany(a => a.Reasons));
        Assert.Equal(original.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void Restore_SnapshotFromOtherOptions_ThrowsNamingTheProblem()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { Seed = 1 });
        ScoreAll(scorer, Habit("c1", 5, 1));

        var other = new OnlineFraudScorer(new ScoringOptions { Seed = 2 });
        var error = Assert.Throws<InvalidDataException>(() => other.Restore(scorer.Snapshot()));
        Assert.Contains("different model options", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => other.Restore([1, 2, 3]));
    }

    [Fact]
    public void ScoreAndLearn_DriftingStream_AlertRateStaysNearBudget()
    {
        // Spending doubles and shifts to new cards over the stream; the threshold must follow.
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(400, 60, seed: 12, fraudCardShare: 0);
        DateTimeOffset first = stream[0].Transaction.EventTime;
        List<(EnrichedTransaction, RawFeatures)> drifting = [.. stream.Select(p =>
        {
            double progress = (p.Transaction.EventTime - first).TotalDays / 60;
            decimal factor = (decimal)Math.Pow(2, progress * 2);
            return (p.Transaction with { Amount = Math.Round(p.Transaction.Amount * factor, 2) }, p.Features);
        })];
        var scorer = new OnlineFraudScorer(new ScoringOptions { AlertBudget = 0.01 });

        List<FraudAssessment> results = ScoreAll(scorer, drifting);

        int warm = 5000;
        double overall = results.Skip(warm).Count(a => a.IsAlert) / (double)(results.Count - warm);
        double lastQuarter = results.Skip(results.Count * 3 / 4).Count(a => a.IsAlert) / (results.Count / 4.0);
        Assert.InRange(overall, 0.007, 0.013);
        Assert.InRange(lastQuarter, 0.006, 0.014);
    }

    [Fact]
    public void ScoreAndLearn_FixedThreshold_AlertsExactlyAtOrAboveIt()
    {
        var scorer = new OnlineFraudScorer(new ScoringOptions { FixedThreshold = 0.5 });
        List<FraudAssessment> results = ScoreAll(scorer, SyntheticCardStream.Generate(50, 20, seed: 6));

        Assert.All(results, a => Assert.Equal(a.Score >= 0.5, a.IsAlert));
        Assert.All(results, a => Assert.InRange(a.Score, 0, 1));
    }
}
