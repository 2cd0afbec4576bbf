using System.Text.Json;
using StreamGuard.Aws.Sns;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Publishes each alert to an SNS topic with the message attributes <c>type</c> and <c>severity</c>,
/// so subscribers filter with a policy. SNS has no de-duplication on standard topics: a replayed
/// batch may notify twice, with the same alert_id in the message for subscribers to drop repeats.
/// </summary>
public sealed class SnsAlertSink : IBatchSink
{
    private const int Parallelism = 8;
    private readonly SnsClient _sns;
    private readonly string _topicArn;

    public SnsAlertSink(SnsClient sns, string topicArn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        _sns = sns;
        _topicArn = topicArn;
    }

    public string Name => "sns-alerts";

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(batch.Alerts, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (alert, ct) =>
            await PublishAsync(alert, ct).ConfigureAwait(false));

    public Task<string> PublishAsync(Alert alert, CancellationToken cancellationToken) =>
        _sns.PublishAsync(
            _topicArn,
            // Subscribers are beyond the operator's store: hour and whole dollars (docs/privacy.md).
            JsonSerializer.Serialize(Privacy.ReleaseCoarsening.Alert(alert), CoreJsonContext.Default.Alert),
            new Dictionary<string, string> { ["type"] = alert.Type, ["severity"] = alert.Severity },
            cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
