using BenchmarkDotNet.Attributes;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using StreamGuard.Processor.Tests.Scoring;

namespace StreamGuard.Benchmarks;

/// <summary>Scoring plus learning cost per event on a synthetic card stream (one core, one thread).</summary>
[MemoryDiagnoser]
public class ScorerBenchmark
{
    private const int Events = 100_000;
    private (EnrichedTransaction Transaction, RawFeatures Features)[] _events = [];
    private OnlineFraudScorer _scorer = null!;

    [Params(false, true)]
    public bool DelayedLabels { get; set; }

    [GlobalSetup]
    public void Setup() => _events = [.. SyntheticCardStream.Generate(2000, 60, 7).Take(Events)];

    [IterationSetup]
    public void Fresh() => _scorer = new OnlineFraudScorer(new ScoringOptions { LabelDelay = DelayedLabels ? TimeSpan.FromDays(7) : null });

    [Benchmark(OperationsPerInvoke = Events)]
    public double ScoreAndLearn()
    {
        double sum = 0;
        foreach (var (transaction, features) in _events)
        {
            sum += _scorer.ScoreAndLearn(transaction, in features).Score;
        }

        return sum;
    }
}
