using Amazon.S3;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// aws mode's writer: each object is one gzip NDJSON object <c>{output}/dt=YYYY-MM-DD/hour=HH/{name}.ndjson.gz</c>
/// (the same layout as the local folder, gzip added: Athena and Glue read it by the extension). A put is
/// atomic and the same key written again replaces the object, so a replay of a range overwrites it.
/// Marks are not read: listing every key of an output at start would cost more than the overwrites it saves.
/// </summary>
public sealed class S3FeedWriter : IFeedWriter
{
    public const string GzipExtension = ".gz";
    private static readonly IReadOnlyDictionary<string, string> s_noMarks = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly IReadOnlyDictionary<string, string> _prefixes;

    /// <param name="prefixes">Where an output goes instead of <c>{output}/</c> (the archive and report prefix settings).</param>
    public S3FeedWriter(IAmazonS3 s3, string bucket, IReadOnlyDictionary<string, string>? prefixes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        _s3 = s3;
        _bucket = bucket;
        _prefixes = prefixes ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public string Name => "s3";

    public bool Keyed => true;

    public string Bucket => _bucket;

    /// <summary>The object key of <paramref name="feedObject"/>.</summary>
    public string KeyOf(FeedObject feedObject)
    {
        string key = feedObject.Key + GzipExtension;
        return _prefixes.TryGetValue(feedObject.Output, out string? prefix) && !string.IsNullOrEmpty(prefix)
            ? prefix.TrimEnd('/') + key[feedObject.Output.Length..]
            : key;
    }

    public Task<IReadOnlyDictionary<string, string>> ReadMarksAsync(string output, CancellationToken cancellationToken) => Task.FromResult(s_noMarks);

    public Task WriteAsync(FeedObject feedObject, CancellationToken cancellationToken) =>
        feedObject.LineCount == 0
            ? Task.CompletedTask
            : S3Objects.PutGzipAsync(_s3, _bucket, KeyOf(feedObject), feedObject.Lines, cancellationToken);
}
