using Amazon.DynamoDBv2.Model;

namespace StreamGuard.Runtime.Sinks.Aws;

// How far each shard has passed (windows: {stream}|progress, continual steps: {stream}|cprogress), and
// whether it is idle: a shard marked idle counts as passed up to the other shards for completeness.
public sealed partial class DynamoDbReleaseCoordinator
{
    /// <summary>Shards this worker marked idle.</summary>
    public int IdleMarks { get; private set; }

    public async Task MarkIdleAsync(string shardId, CancellationToken cancellationToken)
    {
        foreach (string progress in new[] { _stream + "|progress", _stream + "|cprogress" })
        {
            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(progress, shardId),
                UpdateExpression = "SET idle = :since",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":since"] = S(Instant(_time.GetUtcNow())) },
            }, cancellationToken).ConfigureAwait(false);
        }

        IdleMarks++;
    }

    public async Task MarkActiveAsync(string shardId, CancellationToken cancellationToken)
    {
        foreach (string progress in new[] { _stream + "|progress", _stream + "|cprogress" })
        {
            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(progress, shardId),
                UpdateExpression = "REMOVE idle",
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RaiseProgressAsync(string progressKey, string shardId, long passedThroughTicks, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(progressKey, shardId),
                UpdateExpression = "SET through = :t",
                ConditionExpression = "attribute_not_exists(through) OR through < :t",
                // Zero-padded ticks compare as strings like numbers, and a 20-digit run never looks like a card number to a scan.
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":t"] = S(Ticks(Math.Max(0, passedThroughTicks))) },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already further (a re-read behind the saved progress): progress never goes back.
        }
    }
}
