using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Aws.Tests.Emulators;

namespace StreamGuard.Aws.Tests.Sdk;

/// <summary>S3 and DynamoDB go through the AWS SDK packages, pointed at the emulators with ServiceURL.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SdkClientsIntegrationTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task S3_PutThenGet_ReturnsSameBytes()
    {
        using AmazonS3Client s3 = emulators.CreateS3Client();
        string bucket = "sg-archive-" + Guid.NewGuid().ToString("N")[..10];
        const string key = "2026/11/21/06/part-0001.ndjson";
        string body = "{\"transaction_id\":\"t-1\"}\n{\"transaction_id\":\"t-2\"}\n";

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }).WaitAsync(s_timeout);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, ContentType = "application/x-ndjson" }).WaitAsync(s_timeout);
        using GetObjectResponse got = await s3.GetObjectAsync(bucket, key).WaitAsync(s_timeout);
        using var reader = new StreamReader(got.ResponseStream, Encoding.UTF8);

        Assert.Equal(body, await reader.ReadToEndAsync().WaitAsync(s_timeout));
        ListObjectsV2Response listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "2026/11/21/" }).WaitAsync(s_timeout);
        Assert.Equal(key, Assert.Single(listed.S3Objects).Key);
    }

    [Fact]
    public async Task DynamoDb_CreateTablePutGet_RoundTripsItemAndHonoursConditions()
    {
        using AmazonDynamoDBClient dynamo = emulators.CreateDynamoDbClient();
        string table = "sg-leases-" + Guid.NewGuid().ToString("N")[..10];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new AttributeDefinition("leaseKey", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("leaseKey", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        }).WaitAsync(s_timeout);
        await WaitForTableActiveAsync(dynamo, table);

        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new() { ["leaseKey"] = new AttributeValue { S = "shardId-000000000000" }, ["leaseCounter"] = new AttributeValue { N = "1" } },
            ConditionExpression = "attribute_not_exists(leaseKey)",
        }).WaitAsync(s_timeout);
        GetItemResponse got = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { ["leaseKey"] = new AttributeValue { S = "shardId-000000000000" } },
            ConsistentRead = true,
        }).WaitAsync(s_timeout);

        Assert.Equal("1", got.Item["leaseCounter"].N);
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new() { ["leaseKey"] = new AttributeValue { S = "shardId-000000000000" }, ["leaseCounter"] = new AttributeValue { N = "9" } },
            ConditionExpression = "attribute_not_exists(leaseKey)",
        }).WaitAsync(s_timeout));
    }

    private static async Task WaitForTableActiveAsync(AmazonDynamoDBClient dynamo, string table)
    {
        DateTime deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            DescribeTableResponse described = await dynamo.DescribeTableAsync(table).WaitAsync(s_timeout);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Table {table} stayed {described.Table.TableStatus}.");
            await Task.Delay(25);
        }
    }
}
