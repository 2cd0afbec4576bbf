using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StreamGuard.Runtime.Leases;

/// <summary>Creates a DynamoDB table (on-demand billing) unless it exists, then waits until it is ACTIVE.</summary>
public static class DynamoTables
{
    public static Task EnsureAsync(IAmazonDynamoDB dynamo, string table, string hashKey, string? rangeKey, TimeSpan timeout, CancellationToken cancellationToken) =>
        EnsureAsync(dynamo, Request(table, hashKey, rangeKey), timeout, cancellationToken);

    /// <summary>The same for a table described in full (secondary indexes, more attributes).</summary>
    public static async Task EnsureAsync(IAmazonDynamoDB dynamo, CreateTableRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string table = request.TableName;
        try
        {
            await dynamo.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // It exists already (or is being created by another worker): waiting for ACTIVE covers both.
        }

        await WaitActiveAsync(dynamo, table, timeout, cancellationToken).ConfigureAwait(false);
    }

    private static CreateTableRequest Request(string table, string hashKey, string? rangeKey)
    {
        var request = new CreateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new AttributeDefinition(hashKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        };
        if (rangeKey is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(rangeKey, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));
        }

        return request;
    }

    private static async Task WaitActiveAsync(IAmazonDynamoDB dynamo, string table, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        TimeSpan interval = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            DescribeTableResponse described;
            try
            {
                described = await dynamo.DescribeTableAsync(table, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"DynamoDB table '{table}' did not become ACTIVE within {timeout.TotalSeconds:0.#} s.");
            }

            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            try
            {
                await Task.Delay(interval, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"DynamoDB table '{table}' is still {described.Table.TableStatus} after {timeout.TotalSeconds:0.#} s.");
            }

            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 500));
        }
    }
}
