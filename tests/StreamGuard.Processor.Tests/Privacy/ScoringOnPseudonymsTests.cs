using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Scoring;
using StreamGuard.Tests.Shared.Privacy;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class ScoringOnPseudonymsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-score-" + Guid.NewGuid().ToString("N"));

    public ScoringOnPseudonymsTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void ScoreAndLearn_PseudonymisedStream_SameScoresAndAlertsAsRawStream()
    {
        var data = new CanaryDataSet(Path.Combine(_dir, "canary.csv"), customers: 80, days: 30, seed: 9);
        var anonymizer = new TransactionAnonymizer(new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), "test")), new PrivacyOptions());
        var onRaw = new OnlineFraudScorer(new ScoringOptions());
        var onPseudonyms = new OnlineFraudScorer(new ScoringOptions());
        var raw = new List<FraudAssessment>();
        var pseudonymised = new List<FraudAssessment>();
        var cards = new HashSet<string>();

        foreach (ReadOutcome outcome in TransactionFileReader.Read(data.Path))
        {
            if (outcome.Event is not { } e)
            {
                continue;
            }

            EnrichedTransaction safe = anonymizer.Anonymize(e, "s", "1", out RawFeatures features);
            // The raw stream: the same record keyed by the real card number and identity.
            EnrichedTransaction unsafeCopy = safe with { CardId = e.AccountId, CustomerId = e.Customer!.FirstName + " " + e.Customer.LastName };
            raw.Add(onRaw.ScoreAndLearn(unsafeCopy, features));
            pseudonymised.Add(onPseudonyms.ScoreAndLearn(safe, features));
            cards.Add(safe.CardId);
            Assert.DoesNotContain(e.AccountId, safe.CardId, StringComparison.Ordinal);
        }

        Assert.Equal(data.Rows, raw.Count);
        Assert.Equal(onRaw.CardCount, onPseudonyms.CardCount);
        Assert.Equal(data.Customers.Count, cards.Count);
        Assert.True(raw.Any(a => a.IsAlert), "the generated fraud episodes should raise alerts");
        Assert.Equal(raw.Select(a => (a.Score, a.IsAlert)), pseudonymised.Select(a => (a.Score, a.IsAlert)));
        Assert.Equal(raw.SelectMany(a => a.Reasons), pseudonymised.SelectMany(a => a.Reasons));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
