using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The fleet's privacy budget, one DynamoDB item per horizon (<c>{stream}|budget</c> / horizon start):
/// the pure epsilon and the zCDP rho spent so far and a version. A spend reads the item, checks the
/// release fits the horizon's total (composed as the ledger composes: pure epsilon adds up, rho adds up
/// and converts at delta) and writes the new totals on condition that the version is still the one
/// read, so two workers can never both spend the last of the budget: the loser reads again and is refused.
/// (A conditional expression cannot convert rho to epsilon, hence the optimistic version check.)
/// </summary>
public sealed class DynamoDbPrivacyBudget
{
    private const int MaxAttempts = 50;
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;
    private readonly string _partition;

    public DynamoDbPrivacyBudget(IAmazonDynamoDB dynamo, string table, string partition)
    {
        _dynamo = dynamo;
        _table = table;
        _partition = partition;
    }

    /// <summary>Adds the release's cost to its horizon when it fits the total; false (nothing written) when it does not.</summary>
    public async Task<bool> TrySpendAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            (double pure, double rho, long version) = await ReadAsync(request.HorizonStart, cancellationToken).ConfigureAwait(false);
            if (!request.Fits(pure, rho))
            {
                return false;
            }

            try
            {
                await _dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _table,
                    Key = KeyOf(request.HorizonStart),
                    UpdateExpression = "SET pure = :pure, rho = :rho, version = :next",
                    ConditionExpression = version == 0 ? "attribute_not_exists(version)" : "version = :version",
                    ExpressionAttributeValues = Values(version, new()
                    {
                        [":pure"] = Number(pure + request.PureEpsilon),
                        [":rho"] = Number(rho + request.Rho),
                        [":next"] = new AttributeValue { N = (version + 1).ToString(CultureInfo.InvariantCulture) },
                    }),
                }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                // Another worker spent in between: read its spending and decide again.
            }
        }

        throw new InvalidOperationException($"The privacy budget of horizon {request.HorizonStart:u} changed {MaxAttempts} times while this worker tried to spend; giving up rather than overspend.");
    }

    /// <summary>What the horizon starting at <paramref name="horizonStart"/> has spent: pure epsilon, rho, and the item's version (0: nothing yet).</summary>
    public async Task<(double Pure, double Rho, long Version)> ReadAsync(DateTimeOffset horizonStart, CancellationToken cancellationToken)
    {
        GetItemResponse got = await _dynamo.GetItemAsync(new GetItemRequest { TableName = _table, Key = KeyOf(horizonStart), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        if (got.Item is not { Count: > 0 } item)
        {
            return (0, 0, 0);
        }

        return (double.Parse(item["pure"].N, CultureInfo.InvariantCulture), double.Parse(item["rho"].N, CultureInfo.InvariantCulture), long.Parse(item["version"].N, CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, AttributeValue> Values(long version, Dictionary<string, AttributeValue> values)
    {
        if (version > 0)
        {
            values[":version"] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) };
        }

        return values;
    }

    private Dictionary<string, AttributeValue> KeyOf(DateTimeOffset horizonStart) => new()
    {
        [DynamoDbReleaseCoordinator.PartitionKey] = new AttributeValue { S = _partition },
        [DynamoDbReleaseCoordinator.SortKey] = new AttributeValue { S = horizonStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
    };

    // "R" keeps every bit of the double, so the totals read back are the totals written.
    private static AttributeValue Number(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };
}
