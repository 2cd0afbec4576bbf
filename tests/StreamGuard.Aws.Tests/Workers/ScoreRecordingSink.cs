using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Every fraud score each transaction id got, across workers (a record read twice after a lease moved is scored twice).</summary>
public sealed class ScoreRecordingSink : IBatchSink
{
    private readonly Dictionary<string, List<(double Score, bool Alert)>> _scores;

    private ScoreRecordingSink(Dictionary<string, List<(double, bool)>> shared) => _scores = shared;

    public static Dictionary<string, List<(double Score, bool Alert)>> NewLog() => new(StringComparer.Ordinal);

    public static ScoreRecordingSink For(Dictionary<string, List<(double Score, bool Alert)>> log) => new(log);

    public string Name => "scores";

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        lock (_scores)
        {
            foreach (PipelineItem item in batch.Items)
            {
                if (item.IsLive)
                {
                    double score = item.Output!.FraudScore;
                    if (!_scores.TryGetValue(item.Output.TransactionId, out List<(double, bool)>? seen))
                    {
                        _scores[item.Output.TransactionId] = seen = [];
                    }

                    seen.Add((score, item.Output.FraudAlert));
                }
            }
        }

        return Task.CompletedTask;
    }

    public int Distinct
    {
        get
        {
            lock (_scores)
            {
                return _scores.Count;
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
