using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// A state checkpoint in one S3 object, replaced on every save. aws mode keeps one per shard
/// (<see cref="Leases.ShardStateStore"/> names the key and points the shard's lease at it);
/// <see cref="KeyFor"/> is the older per-worker layout (<c>{prefix}{stream}/{workerId}.state</c>).
/// </summary>
public sealed class S3StateStore : IStateStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;

    public S3StateStore(IAmazonS3 s3, string bucket, string key)
    {
        _s3 = s3;
        _bucket = bucket;
        Key = key;
    }

    public string Key { get; }

    public async Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using GetObjectResponse response = await _s3.GetObjectAsync(_bucket, Key, cancellationToken).ConfigureAwait(false);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return StateCheckpoint.FromBytes(bytes.ToArray());
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Stages.FirstOrDefault(s => s.IsItemized) is { } itemized)
        {
            throw new InvalidOperationException($"Stage '{itemized.Name}' was captured as items, which an S3 state object does not keep: it must be captured whole.");
        }

        using var body = new MemoryStream(checkpoint.ToBytes(), writable: false);
        await S3Objects.PutAsync(_s3, _bucket, Key, body, "application/octet-stream", cancellationToken).ConfigureAwait(false);
    }
}
