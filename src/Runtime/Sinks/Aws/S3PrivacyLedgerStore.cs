using System.Globalization;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The aws-mode privacy-budget ledger: one S3 object per recorded release
/// (<c>{prefix}{releaseId}/{recordedAt}-{nonce}.jsonl</c>), so every worker's spending lands in
/// one shared, durable place, and an object is never overwritten (a second release of the same
/// window is a second object, paid for again). Each worker reads the whole prefix at start.
/// </summary>
public sealed class S3PrivacyLedgerStore : IPrivacyLedgerStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3PrivacyLedgerStore(IAmazonS3 s3, string bucket, string prefix)
    {
        _s3 = s3;
        _bucket = bucket;
        _prefix = prefix;
    }

    public string Location => $"s3://{_bucket}/{_prefix}";

    public async Task<IReadOnlyList<PrivacyLedgerEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var entries = new List<PrivacyLedgerEntry>();
        string? token = null;
        do
        {
            ListObjectsV2Response listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (S3Object o in listed.S3Objects ?? [])
            {
                using GetObjectResponse got = await _s3.GetObjectAsync(_bucket, o.Key, cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(got.ResponseStream, Encoding.UTF8);
                string text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    entries.Add(PrivacyLedgerLines.Parse(line, $"object s3://{_bucket}/{o.Key}"));
                }
            }

            token = listed.IsTruncated == true ? listed.NextContinuationToken : null;
        }
        while (token is not null);

        return entries;
    }

    public async Task AppendAsync(IReadOnlyList<PrivacyLedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        PrivacyLedgerEntry first = entries[0];
        string key = string.Create(CultureInfo.InvariantCulture, $"{_prefix}{first.ReleaseId}/{first.RecordedAt.UtcDateTime:yyyyMMdd'T'HHmmssfffffff'Z'}-{Guid.NewGuid():N}.jsonl");
        using var body = new MemoryStream(PrivacyLedgerLines.Format(entries));
        await S3Objects.PutAsync(_s3, _bucket, key, body, "application/x-ndjson", cancellationToken).ConfigureAwait(false);
    }
}
