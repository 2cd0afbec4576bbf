using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Leases;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// aws mode's global models: one S3 object per published version
/// (<c>{prefix}{stream}/models/v{version}-{nonce}.model</c>, never overwritten), and a pointer item in
/// a small DynamoDB table (<c>{lease table}-models</c>) naming the current one. The pointer moves only
/// by a write conditional on the version it builds on, so two workers publishing at once cannot
/// clobber each other: the second is refused (its object deleted) and takes the first's version.
/// S3 alone cannot check this (conditional PutObject is not in every S3 the tests run against).
/// </summary>
public sealed class S3SharedModelStore : ISharedModelStore
{
    public const string KeyAttribute = "model";
    public const string VersionAttribute = "version";
    public const string ObjectAttribute = "object";
    private const string PointerKey = "scorer";
    private readonly IAmazonS3 _s3;
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3SharedModelStore(IAmazonS3 s3, IAmazonDynamoDB dynamo, string bucket, string prefix, string stream, string table)
    {
        _s3 = s3;
        _dynamo = dynamo;
        _bucket = bucket;
        _prefix = $"{prefix}{stream}/models/";
        TableName = table;
    }

    /// <summary>The pointer table's name for a lease table.</summary>
    public static string TableFor(string leaseTable) => leaseTable + "-models";

    public string TableName { get; }

    public Task EnsureCreatedAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        DynamoTables.EnsureAsync(_dynamo, TableName, KeyAttribute, null, timeout, cancellationToken);

    public async Task<SharedModelVersion?> GetNewerAsync(long knownVersion, CancellationToken cancellationToken)
    {
        try
        {
            GetItemResponse pointer = await _dynamo.GetItemAsync(
                new GetItemRequest { TableName = TableName, Key = new() { [KeyAttribute] = new AttributeValue { S = PointerKey } }, ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            if (pointer.Item is not { Count: > 0 } item || !item.TryGetValue(ObjectAttribute, out AttributeValue? key)
                || long.Parse(item[VersionAttribute].N, CultureInfo.InvariantCulture) <= knownVersion)
            {
                return null;
            }

            using GetObjectResponse response = await _s3.GetObjectAsync(_bucket, key.S, cancellationToken).ConfigureAwait(false);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return SharedModelVersion.FromBytes(bytes.ToArray());
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"The shared model store (table {TableName}, s3://{_bucket}/{_prefix}) could not be read: {e.Message}", e);
        }
    }

    public async Task<bool> TryPublishAsync(SharedModelVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        string key = string.Create(CultureInfo.InvariantCulture, $"{_prefix}v{next.Version:D12}-{Guid.NewGuid():N}.model");
        try
        {
            using (var body = new MemoryStream(next.ToBytes(), writable: false))
            {
                await S3Objects.PutAsync(_s3, _bucket, key, body, "application/octet-stream", cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _dynamo.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = TableName,
                        Item = new()
                        {
                            [KeyAttribute] = new AttributeValue { S = PointerKey },
                            [VersionAttribute] = new AttributeValue { N = next.Version.ToString(CultureInfo.InvariantCulture) },
                            [ObjectAttribute] = new AttributeValue { S = key },
                        },
                        ConditionExpression = next.Version == 1 ? "attribute_not_exists(#v)" : "#v = :previous",
                        ExpressionAttributeNames = new() { ["#v"] = VersionAttribute },
                        ExpressionAttributeValues = next.Version == 1 ? null : new() { [":previous"] = new AttributeValue { N = (next.Version - 1).ToString(CultureInfo.InvariantCulture) } },
                    },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                await DeleteQuietlyAsync(key, cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"The shared model version {next.Version} could not be published to table {TableName} and s3://{_bucket}/{_prefix}: {e.Message}", e);
        }
    }

    private async Task DeleteQuietlyAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.DeleteObjectAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
