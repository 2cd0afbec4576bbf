using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// The lease table in DynamoDB with the KCL's item schema. Every change that matters (renew, take,
/// checkpoint, release) is a conditional update, so two workers can never both believe they won.
/// </summary>
public sealed class LeaseTable
{
    private const string Key = "leaseKey";
    private const string Owner = "leaseOwner";
    private const string Counter = "leaseCounter";
    private const string CheckpointAttribute = "checkpoint";
    private const string Switches = "ownerSwitchesSinceCheckpoint";
    private const string Parents = "parentShardId";
    private const string State = "stateObject";

    private readonly IAmazonDynamoDB _dynamo;

    public LeaseTable(IAmazonDynamoDB dynamo, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _dynamo = dynamo;
        TableName = tableName;
    }

    public string TableName { get; }

    public Task EnsureCreatedAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        DynamoTables.EnsureAsync(_dynamo, TableName, Key, null, timeout, cancellationToken);

    /// <summary>Creates the lease of a new shard, unowned, at <paramref name="initialCheckpoint"/>; false when it already exists.</summary>
    public async Task<bool> CreateIfAbsentAsync(string shardId, IReadOnlyList<string> parentShardIds, string initialCheckpoint, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Key] = S(shardId),
            [Counter] = N(0),
            [CheckpointAttribute] = S(initialCheckpoint),
            [Switches] = N(0),
        };
        if (parentShardIds.Count > 0)
        {
            item[Parents] = new AttributeValue { SS = parentShardIds.ToList() };
        }

        try
        {
            await _dynamo.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item, ConditionExpression = "attribute_not_exists(leaseKey)" }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Every lease, read consistently.</summary>
    public async Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken)
    {
        var leases = new List<Lease>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            ScanResponse page = await _dynamo.ScanAsync(new ScanRequest { TableName = TableName, ConsistentRead = true, ExclusiveStartKey = start }, cancellationToken).ConfigureAwait(false);
            foreach (Dictionary<string, AttributeValue> item in page.Items ?? [])
            {
                leases.Add(FromItem(item));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return leases;
    }

    public async Task<Lease?> GetAsync(string shardId, CancellationToken cancellationToken)
    {
        GetItemResponse response = await _dynamo.GetItemAsync(new GetItemRequest { TableName = TableName, Key = KeyOf(shardId), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    /// <summary>Bumps the counter of a lease this worker holds; null when someone else changed it (the lease is lost).</summary>
    public Task<Lease?> RenewAsync(Lease lease, string workerId, CancellationToken cancellationToken) =>
        UpdateAsync(
            lease.LeaseKey,
            "ADD leaseCounter :one",
            "leaseCounter = :counter AND leaseOwner = :me",
            new() { [":one"] = N(1), [":counter"] = N(lease.Counter), [":me"] = S(workerId) },
            cancellationToken);

    /// <summary>Takes a lease (expired, unowned, or stolen) if its counter is still the one observed; null when another worker moved first.</summary>
    public Task<Lease?> TakeAsync(Lease observed, string workerId, CancellationToken cancellationToken) =>
        UpdateAsync(
            observed.LeaseKey,
            "SET leaseOwner = :me ADD leaseCounter :one, ownerSwitchesSinceCheckpoint :one",
            "leaseCounter = :counter",
            new() { [":one"] = N(1), [":counter"] = N(observed.Counter), [":me"] = S(workerId) },
            cancellationToken);

    /// <summary>Gives a lease up (graceful shutdown) so another worker can take it at once.</summary>
    public async Task<bool> ReleaseAsync(Lease lease, string workerId, CancellationToken cancellationToken) =>
        await UpdateAsync(
            lease.LeaseKey,
            "REMOVE leaseOwner ADD leaseCounter :one",
            "leaseCounter = :counter AND leaseOwner = :me",
            new() { [":one"] = N(1), [":counter"] = N(lease.Counter), [":me"] = S(workerId) },
            cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Stores a checkpoint only while this worker still owns the lease; false when it does not.</summary>
    public async Task<bool> CheckpointAsync(string shardId, string workerId, string checkpoint, CancellationToken cancellationToken) =>
        await UpdateAsync(
            shardId,
            "SET #checkpoint = :checkpoint, ownerSwitchesSinceCheckpoint = :zero",
            "leaseOwner = :me",
            new() { [":checkpoint"] = S(checkpoint), [":zero"] = N(0), [":me"] = S(workerId) },
            cancellationToken,
            new() { ["#checkpoint"] = CheckpointAttribute }).ConfigureAwait(false) is not null;

    /// <summary>
    /// Points the lease at the shard's newest saved state, only while this worker still owns it: a
    /// worker that lost the lease can never make the new owner's successor restore its older state.
    /// </summary>
    public async Task<bool> SetStateObjectAsync(string shardId, string workerId, string stateObject, CancellationToken cancellationToken) =>
        await UpdateAsync(
            shardId,
            "SET stateObject = :state",
            "leaseOwner = :me",
            new() { [":state"] = S(stateObject), [":me"] = S(workerId) },
            cancellationToken).ConfigureAwait(false) is not null;

    private async Task<Lease?> UpdateAsync(
        string shardId,
        string update,
        string condition,
        Dictionary<string, AttributeValue> values,
        CancellationToken cancellationToken,
        Dictionary<string, string>? names = null)
    {
        try
        {
            UpdateItemResponse response = await _dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = KeyOf(shardId),
                    UpdateExpression = update,
                    ConditionExpression = condition,
                    ExpressionAttributeValues = values,
                    ExpressionAttributeNames = names,
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken).ConfigureAwait(false);
            return FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    private static Lease FromItem(Dictionary<string, AttributeValue> item) => new(
        item[Key].S,
        item.TryGetValue(Owner, out AttributeValue? owner) && owner.S is { Length: > 0 } o ? o : null,
        item.TryGetValue(Counter, out AttributeValue? counter) ? long.Parse(counter.N, CultureInfo.InvariantCulture) : 0,
        item.TryGetValue(CheckpointAttribute, out AttributeValue? checkpoint) ? checkpoint.S : LeaseCheckpoints.TrimHorizon,
        item.TryGetValue(Switches, out AttributeValue? switches) ? long.Parse(switches.N, CultureInfo.InvariantCulture) : 0,
        item.TryGetValue(Parents, out AttributeValue? parents) && parents.SS is { } ss ? ss : [])
    {
        StateObject = item.TryGetValue(State, out AttributeValue? state) && state.S is { Length: > 0 } key ? key : null,
    };

    private static Dictionary<string, AttributeValue> KeyOf(string shardId) => new() { [Key] = S(shardId) };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
