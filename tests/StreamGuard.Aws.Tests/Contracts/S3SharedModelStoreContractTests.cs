using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>aws mode's global model store: one S3 object per version on the emulator, the pointer in a DynamoDB table on dynalite.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class S3SharedModelStoreContractTests(EmulatorFixture emulators) : SharedModelStoreContractTests, IDisposable
{
    private readonly AmazonS3Client _s3 = emulators.CreateS3Client();
    private readonly AmazonDynamoDBClient _dynamo = emulators.CreateDynamoDbClient();
    private readonly Dictionary<ISharedModelStore, (string Bucket, string Table)> _where = [];

    protected override async Task<ISharedModelStore> CreateStoreAsync()
    {
        string id = Guid.NewGuid().ToString("N")[..10];
        string bucket = "sg-models-" + id;
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }).WaitAsync(Timeout);
        var store = new S3SharedModelStore(_s3, _dynamo, bucket, "state/", "sg-stream", S3SharedModelStore.TableFor("sg-leases-" + id));
        await store.EnsureCreatedAsync(Timeout, CancellationToken.None).WaitAsync(Timeout);
        _where[store] = (bucket, store.TableName);
        return store;
    }

    protected override Task<ISharedModelStore> ReopenAsync(ISharedModelStore store)
    {
        (string bucket, string table) = _where[store];
        ISharedModelStore reopened = new S3SharedModelStore(_s3, _dynamo, bucket, "state/", "sg-stream", table);
        _where[reopened] = (bucket, table);
        return Task.FromResult(reopened);
    }

    [Fact]
    public async Task TryPublishAsync_Refused_LeavesOneObjectPerPublishedVersion()
    {
        ISharedModelStore a = await CreateStoreAsync().WaitAsync(Timeout);
        ISharedModelStore b = await ReopenAsync(a).WaitAsync(Timeout);
        var at = new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero);
        Assert.True(await a.TryPublishAsync(new SharedModelVersion(1, "a", at, [1]), CancellationToken.None).WaitAsync(Timeout));
        Assert.False(await b.TryPublishAsync(new SharedModelVersion(1, "b", at, [2]), CancellationToken.None).WaitAsync(Timeout));
        Assert.True(await b.TryPublishAsync(new SharedModelVersion(2, "b", at, [3]), CancellationToken.None).WaitAsync(Timeout));

        ListObjectsV2Response listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _where[a].Bucket, Prefix = "state/sg-stream/models/" }).WaitAsync(Timeout);

        Assert.Equal(["v000000000001", "v000000000002"], (listed.S3Objects ?? []).Select(o => o.Key["state/sg-stream/models/".Length..][..13]).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        _s3.Dispose();
        _dynamo.Dispose();
    }
}
