using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Pipeline.State;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>aws mode's state store: one S3 object on the emulator.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class S3StateStoreContractTests(EmulatorFixture emulators) : StateStoreContractTests, IDisposable
{
    private readonly AmazonS3Client _s3 = emulators.CreateS3Client();
    private readonly Dictionary<IStateStore, (string Bucket, string Key)> _where = [];

    protected override async Task<IStateStore> CreateStoreAsync()
    {
        string bucket = "sg-contract-" + Guid.NewGuid().ToString("N")[..10];
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }).WaitAsync(Timeout);
        string key = "state/sg-stream/shard/shardId-000000000000/worker-a.state";
        IStateStore store = new S3StateStore(_s3, bucket, key);
        _where[store] = (bucket, key);
        return store;
    }

    protected override Task<IStateStore> ReopenAsync(IStateStore store)
    {
        (string bucket, string key) = _where[store];
        return Task.FromResult<IStateStore>(new S3StateStore(_s3, bucket, key));
    }

    public void Dispose() => _s3.Dispose();
}
