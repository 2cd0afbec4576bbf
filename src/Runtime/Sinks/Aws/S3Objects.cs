using System.Globalization;
using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>Shared S3 helpers: deterministic per-batch keys and gzip NDJSON uploads.</summary>
public static class S3Objects
{
    /// <summary>
    /// <c>{prefix}dt=YYYY-MM-DD/hour=HH/{shard}-{first}-{last}{suffix}</c>: the time is the first
    /// record's arrival in the stream, so the same batch always maps to the same key and a
    /// replay overwrites the object instead of adding a copy.
    /// </summary>
    public static string BatchKey(string prefix, DateTimeOffset arrival, string shardId, string firstSequence, string lastSequence, string suffix)
    {
        DateTime utc = arrival.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}dt={utc:yyyy-MM-dd}/hour={utc:HH}/{shardId}-{firstSequence}-{lastSequence}{suffix}");
    }

    public static async Task PutGzipAsync(IAmazonS3 s3, string bucket, string key, ReadOnlyMemory<byte> ndjson, CancellationToken cancellationToken)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(ndjson, cancellationToken).ConfigureAwait(false);
        }

        compressed.Position = 0;
        await PutAsync(s3, bucket, key, compressed, "application/x-ndjson", cancellationToken).ConfigureAwait(false);
    }

    public static Task PutAsync(IAmazonS3 s3, string bucket, string key, Stream body, string contentType, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                ContentType = contentType,
                UseChunkEncoding = false,
            },
            cancellationToken);

    /// <summary>Creates the bucket unless this account already owns it.</summary>
    public static async Task EnsureBucketAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Already there.
        }
    }
}
