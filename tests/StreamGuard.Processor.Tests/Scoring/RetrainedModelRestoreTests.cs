using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class RetrainedModelRestoreTests
{
    [Fact]
    public void Restore_SnapshotAfterARetrainedModelSwappedIn_KeepsThatModelItsBufferAndIdenticalScores()
    {
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(400, 40, seed: 43, fraudCardShare: 0.5);
        // Swaps at a fixed point of the stream, so the original and the restored scorer stay in step.
        var options = new ScoringOptions
        {
            LabelDelay = TimeSpan.FromDays(1), MinFraudsToRetrain = 20, RetrainEveryFrauds = 40, RetrainTrees = 60,
            RetrainSwapAfterEvents = 300, Retrain = true, RetrainFromNothing = true, Seed = 5,
        };
        var original = new OnlineFraudScorer(options);
        List<(EnrichedTransaction Transaction, RawFeatures Features)> events = [.. stream.Concat(Later(stream)).Take(60_000)];
        int i = 0;
        while (i < events.Count && original.Retrains == 0)
        {
            original.ScoreAndLearn(events[i].Transaction, events[i].Features);
            i++;
        }

        Assert.True(original.Retrains >= 1, $"no retrained model swapped in after {i} events: rejected {original.RetrainsRejected}, failures {original.RetrainFailures}: {original.LastRetrainNote}");
        Assert.StartsWith("gbt-", original.ModelVersion, StringComparison.Ordinal);

        byte[] snapshot = original.Snapshot();
        var restored = new OnlineFraudScorer(options);
        Assert.Equal("online", restored.ModelVersion);
        restored.Restore(snapshot);

        Assert.Equal(original.ModelVersion, restored.ModelVersion);
        Assert.Equal(original.Retrains, restored.Retrains);
        Assert.Equal(original.TrainingRows, restored.TrainingRows);
        Assert.True(restored.TrainingRows > 0);
        int end = Math.Min(events.Count, i + 3_000);
        Assert.True(end - i > 1_000, $"only {end - i} events left to compare");
        for (int k = i; k < end; k++)
        {
            FraudAssessment expected = original.ScoreAndLearn(events[k].Transaction, events[k].Features);
            FraudAssessment actual = restored.ScoreAndLearn(events[k].Transaction, events[k].Features);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.ModelVersion, actual.ModelVersion);
        }
    }

    // The stream's last two weeks again, a month later each round, so labels keep maturing.
    private static IEnumerable<(EnrichedTransaction, RawFeatures)> Later(List<(EnrichedTransaction Transaction, RawFeatures Features)> stream)
    {
        DateTimeOffset from = stream[^1].Transaction.EventTime.AddDays(-14);
        for (int round = 1; round <= 50; round++)
        {
            foreach ((EnrichedTransaction t, RawFeatures f) in stream.Where(p => p.Transaction.EventTime >= from))
            {
                yield return (t with { TransactionId = $"{t.TransactionId}-r{round}", EventTime = t.EventTime.AddDays(30 * round) }, f);
            }
        }
    }
}
