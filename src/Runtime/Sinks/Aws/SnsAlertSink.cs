using System.Text.Json;
using StreamGuard.Aws.Sns;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Publishes each alert to an SNS topic with the message attributes <c>type</c> and <c>severity</c>,
/// so subscribers filter with a policy. Subscribers are beyond the operator's store, so every alert
/// goes through the same gate as the console's rows (<see cref="KAnonymityGate"/>: coarsened, and cut
/// further when its transaction's class holds fewer than k people). SNS has no de-duplication on
/// standard topics: a replayed batch may notify twice, with the same alert_id for subscribers to drop repeats.
/// </summary>
public sealed class SnsAlertSink : IBatchSink
{
    private const int Parallelism = 8;
    private readonly SnsClient _sns;
    private readonly string _topicArn;
    private readonly KAnonymityGate _gate;

    /// <param name="gate">The k-anonymity gate of this worker's releases (default: k = 5 people).</param>
    public SnsAlertSink(SnsClient sns, string topicArn, KAnonymityGate? gate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        _sns = sns;
        _topicArn = topicArn;
        _gate = gate ?? new KAnonymityGate();
    }

    public string Name => "sns-alerts";

    /// <summary>The gate every alert goes through (its counters say how many were cut further).</summary>
    public KAnonymityGate Gate => _gate;

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        // Classes are sized on every transaction seen, released or not; one sink writes at a time.
        var byId = new Dictionary<string, EnrichedTransaction>(StringComparer.Ordinal);
        foreach (PipelineItem item in batch.Items)
        {
            if (item.Output is { } t)
            {
                _gate.Observe(t);
                byId[t.TransactionId] = t;
            }
        }

        if (batch.Alerts.Count == 0)
        {
            return;
        }

        Alert[] released = [.. batch.Alerts.Select(a => _gate.Release(a, a.TransactionId is { } id ? byId.GetValueOrDefault(id) : null))];
        await Parallel.ForEachAsync(released, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (alert, ct) =>
            await PublishReleasedAsync(alert, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private Task<string> PublishReleasedAsync(Alert released, CancellationToken cancellationToken) =>
        _sns.PublishAsync(
            _topicArn,
            JsonSerializer.Serialize(released, CoreJsonContext.Default.Alert),
            new Dictionary<string, string> { ["type"] = released.Type, ["severity"] = released.Severity },
            cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
