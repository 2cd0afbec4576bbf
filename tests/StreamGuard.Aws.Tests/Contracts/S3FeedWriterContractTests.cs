using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>aws mode's feed writer: gzip NDJSON objects in a bucket on the emulator.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class S3FeedWriterContractTests(EmulatorFixture emulators) : KeyedFeedWriterContractTests, IDisposable
{
    private readonly AmazonS3Client _s3 = emulators.CreateS3Client();

    protected override async Task<IFeedWriter> CreateWriterAsync()
    {
        string bucket = "sg-feed-" + Guid.NewGuid().ToString("N")[..10];
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }).WaitAsync(Timeout);
        return new S3FeedWriter(_s3, bucket);
    }

    protected override string ExpectedKey(FeedObject feedObject) => feedObject.Key + S3FeedWriter.GzipExtension;

    protected override async Task<IReadOnlyList<StoredObject>> ReadAsync(IFeedWriter writer, string output)
    {
        string bucket = ((S3FeedWriter)writer).Bucket;
        var stored = new List<StoredObject>();
        ListObjectsV2Response listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = output + "/" }).WaitAsync(Timeout);
        foreach (S3Object o in (listed.S3Objects ?? []).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            using GetObjectResponse got = await _s3.GetObjectAsync(bucket, o.Key).WaitAsync(Timeout);
            await using var gzip = new GZipStream(got.ResponseStream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            stored.Add(new StoredObject(o.Key, await reader.ReadToEndAsync().WaitAsync(Timeout)));
        }

        return stored;
    }

    [Fact]
    public void KeyOf_ArchivePrefixSetting_ReplacesTheOutputFolderOnly()
    {
        var writer = new S3FeedWriter(_s3, "unused", new Dictionary<string, string>(StringComparer.Ordinal) { [FeedOutputs.Archive] = "tenant-a/archive/" });

        string key = writer.KeyOf(Obj(FeedOutputs.Archive, "shardId-000000000000-1-2", "{}"));

        Assert.Equal("tenant-a/archive/dt=2026-11-30/hour=07/shardId-000000000000-1-2.ndjson.gz", key);
        Assert.Equal("alerts/dt=2026-11-30/hour=07/shardId-000000000000-1-2.ndjson.gz", writer.KeyOf(Obj(FeedOutputs.Alerts, "shardId-000000000000-1-2", "{}")));
    }

    public void Dispose() => _s3.Dispose();
}
