using System.Globalization;
using System.Numerics;
using StreamGuard.Aws.Http;
using StreamGuard.Aws.Kinesis.Wire;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Kinesis;

/// <summary>
/// A thin Kinesis Data Streams client bound to one stream (AWS JSON 1.1 over HttpClient, SigV4 from AWSSDK.Core).
/// It is the aws-mode <see cref="IStreamProducer"/> and <see cref="IStreamConsumer"/>: the pipeline reads and
/// writes it exactly as it does the embedded stream.
/// </summary>
public sealed partial class KinesisClient : IStreamProducer, IStreamConsumer
{
    private const string TargetPrefix = "Kinesis_20131202";
    private static readonly KinesisJsonContext s_json = KinesisJsonContext.Default;

    private readonly AwsJsonClient _client;
    private readonly TimeProvider _time;

    public KinesisClient(AwsClientContext context, string streamName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamName);
        _client = new AwsJsonClient(context, AwsService.Kinesis, "kinesis", TargetPrefix);
        _time = context.Time;
        StreamName = streamName;
    }

    public string StreamName { get; }

    public Uri Endpoint => _client.Endpoint;

    public async Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
    {
        if (records.Count is 0 or > StreamLimits.MaxRecordsPerPut)
        {
            throw new ArgumentException($"PutRecords takes 1 to {StreamLimits.MaxRecordsPerPut} records, got {records.Count}.", nameof(records));
        }

        var entries = new List<PutRecordsRequestEntry>(records.Count);
        foreach (PutRecordEntry record in records)
        {
            entries.Add(new PutRecordsRequestEntry(record.Data, record.PartitionKey, null));
        }

        PutRecordsResponse response = await _client.InvokeAsync(
            "PutRecords", new PutRecordsRequest(StreamName, entries), s_json.PutRecordsRequest, s_json.PutRecordsResponse, cancellationToken).ConfigureAwait(false);
        if (response.Records.Count != records.Count)
        {
            throw new AwsServiceException($"Kinesis PutRecords answered {response.Records.Count} results for {records.Count} records.");
        }

        var results = new PutRecordResult[records.Count];
        for (int i = 0; i < results.Length; i++)
        {
            PutRecordsResultEntry entry = response.Records[i];
            results[i] = new PutRecordResult(entry.ShardId, entry.SequenceNumber, entry.ErrorCode, entry.ErrorMessage);
        }

        return new PutRecordsResult(results);
    }

    /// <summary>Every shard of the stream, open and closed, following NextToken pages when the service pages.</summary>
    public async Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = new List<ShardDescription>();
        string? nextToken = null;
        do
        {
            // AWS rejects StreamName together with NextToken: the token already names the stream.
            ListShardsRequest request = nextToken is null
                ? new ListShardsRequest(StreamName, null, null)
                : new ListShardsRequest(null, nextToken, null);
            ListShardsResponse response = await _client.InvokeAsync(
                "ListShards", request, s_json.ListShardsRequest, s_json.ListShardsResponse, cancellationToken).ConfigureAwait(false);
            foreach (WireShard shard in response.Shards ?? [])
            {
                shards.Add(new ShardDescription(
                    shard.ShardId,
                    shard.ParentShardId,
                    shard.AdjacentParentShardId,
                    BigInteger.Parse(shard.HashKeyRange.StartingHashKey, CultureInfo.InvariantCulture),
                    BigInteger.Parse(shard.HashKeyRange.EndingHashKey, CultureInfo.InvariantCulture),
                    shard.SequenceNumberRange.StartingSequenceNumber,
                    shard.SequenceNumberRange.EndingSequenceNumber));
            }

            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (nextToken is not null);

        return shards;
    }

    public async Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken)
    {
        string type = position.Type switch
        {
            ShardIteratorType.TrimHorizon => "TRIM_HORIZON",
            ShardIteratorType.Latest => "LATEST",
            ShardIteratorType.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
            ShardIteratorType.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
            _ => throw new ArgumentOutOfRangeException(nameof(position), position.Type, "Unknown shard iterator type."),
        };
        if (position.Type is ShardIteratorType.AtSequenceNumber or ShardIteratorType.AfterSequenceNumber && string.IsNullOrEmpty(position.SequenceNumber))
        {
            throw new ArgumentException($"{type} needs a sequence number.", nameof(position));
        }

        GetShardIteratorResponse response = await _client.InvokeAsync(
            "GetShardIterator",
            new GetShardIteratorRequest(StreamName, shardId, type, position.SequenceNumber),
            s_json.GetShardIteratorRequest,
            s_json.GetShardIteratorResponse,
            cancellationToken).ConfigureAwait(false);
        return response.ShardIterator;
    }

    /// <summary>
    /// A page of records; a null NextShardIterator means SHARD_END. An expired iterator throws the stream contract's
    /// <see cref="ShardIteratorExpiredException"/>, with Kinesis's <see cref="ExpiredIteratorException"/> inside.
    /// </summary>
    public async Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
    {
        GetRecordsResponse response;
        try
        {
            response = await _client.InvokeAsync(
                "GetRecords",
                new GetRecordsRequest(shardIterator, Math.Clamp(limit, 1, StreamLimits.MaxRecordsPerGet)),
                s_json.GetRecordsRequest,
                s_json.GetRecordsResponse,
                cancellationToken).ConfigureAwait(false);
        }
        catch (ExpiredIteratorException e)
        {
            throw new ShardIteratorExpiredException($"Kinesis stream {StreamName}: the shard iterator expired ({e.Message}).", e);
        }

        List<WireRecord> wire = response.Records ?? [];
        var records = new StreamRecord[wire.Count];
        for (int i = 0; i < records.Length; i++)
        {
            WireRecord r = wire[i];
            DateTimeOffset arrival = r.ApproximateArrivalTimestamp is double seconds
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
                : _time.GetUtcNow();
            records[i] = new StreamRecord(r.SequenceNumber, r.PartitionKey, r.Data, arrival);
        }

        return new GetRecordsResult(records, response.NextShardIterator, response.MillisBehindLatest ?? 0);
    }
}
