using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Composition;
using StreamGuard.Pipeline;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>One aws-mode system on the emulators: a fresh stream, tables and bucket; workers started and stopped by the test.</summary>
public sealed class AwsSystem : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EmulatorFixture _emulators;
    private readonly List<RunningWorker> _workers = [];
    private readonly string _key;
    private readonly ILoggerFactory _loggers;
    private readonly Action<StreamGuardOptions>? _configure;

    /// <param name="loggers">Where the workers log (default: nowhere).</param>
    /// <param name="configure">Changes to every worker's settings (e.g. the DP options).</param>
    /// <param name="metrics">Where this system's AWS clients count their requests (default: the shared instance).</param>
    /// <param name="pseudonymKey">The workers' pseudonym key (base64); a new random one when null. Two systems given the same key give the same ids.</param>
    public AwsSystem(EmulatorFixture emulators, TimeSpan leaseDuration, bool live = false, ILoggerFactory? loggers = null, Action<StreamGuardOptions>? configure = null, StreamGuard.Aws.Http.AwsClientMetrics? metrics = null, string? pseudonymKey = null)
    {
        _key = pseudonymKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _emulators = emulators;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _configure = configure;
        string id = Guid.NewGuid().ToString("N")[..10];
        RunId = id;
        AwsClientContext context = emulators.CreateContext();
        Context = metrics is null ? context : new AwsClientContext(context.Options, context.Credentials, context.Region) { Metrics = metrics };
        Dynamo = emulators.CreateDynamoDbClient();
        S3 = emulators.CreateS3Client();
        Options = new AwsWorkerOptions
        {
            StreamName = "sg-stream-" + id,
            CreateResources = true,
            Leases = new LeaseOptions { TableName = "sg-leases-" + id, LeaseDuration = leaseDuration, RenewInterval = leaseDuration / 4, ShardSyncInterval = TimeSpan.FromSeconds(1) },
            Sinks = new AwsSinkOptions
            {
                TransactionsTable = "sg-tx-" + id,
                ProfilesTable = "sg-profiles-" + id,
                AggregatesTable = "sg-aggregates-" + id,
                InsightsTable = "sg-insights-" + id,
                VerdictsTable = "sg-verdicts-" + id,
                ReleasesTable = "sg-releases-" + id,
                ArchiveBucket = "sg-archive-" + id,
                LiveStreamName = live ? "sg-live-" + id : null,
            },
        };
        Kinesis = new KinesisClient(Context, Options.StreamName);
    }

    public string RunId { get; }

    /// <summary>The workers' pseudonymizer: outputs carry its keyed transaction ids, never the source ids.</summary>
    public StreamGuard.Privacy.Pseudonymizer Keys => new(StreamGuard.Privacy.PseudonymKey.FromBase64(_key, "test"));

    public AwsClientContext Context { get; }

    public AmazonDynamoDBClient Dynamo { get; }

    public AmazonS3Client S3 { get; }

    public AwsWorkerOptions Options { get; }

    public KinesisClient Kinesis { get; }

    public IReadOnlyList<RunningWorker> Workers => _workers;

    /// <summary>State checkpoint settings of workers started from now on.</summary>
    public StateCheckpointOptions State { get; set; } = new();

    /// <summary>Creates the stream with <paramref name="shards"/> shards, the tables and the bucket, as a worker with CreateResources does.</summary>
    public async Task CreateAsync(int shards)
    {
        Options.ShardCount = shards;
        await using AwsWorker setup = NewWorker("setup", []);
        await setup.PrepareAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <param name="parallelism">Concurrent PutRecords calls; 1 keeps every shard's records in the order given (same input, same shard sequences).</param>
    public async Task ReplayAsync(IEnumerable<TransactionEvent> events, int parallelism = 4)
    {
        var replayer = new StreamReplayer(Kinesis, new ReplayOptions { Parallelism = parallelism, Linger = TimeSpan.FromMilliseconds(10) });
        ReplayProgress progress = await replayer.RunAsync(events, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, progress.Failed);
    }

    public RunningWorker Start(string workerId, params IBatchSink[] extraSinks)
    {
        AwsWorker worker = NewWorker(workerId, extraSinks);
        var running = new RunningWorker(workerId, worker);
        _workers.Add(running);
        return running;
    }

    private AwsWorker NewWorker(string workerId, IReadOnlyList<IBatchSink> extraSinks)
    {
        var options = new StreamGuardOptions();
        options.Privacy.PseudonymKey = _key;
        options.Privacy.SealingKey = Convert.ToBase64String(Enumerable.Repeat((byte)5, 32).ToArray());
        options.State = State;
        options.Pipeline.RecordsPerRead = 500;
        options.Pipeline.IdlePollInterval = TimeSpan.FromMilliseconds(50);
        _configure?.Invoke(options);
        var aws = new AwsWorkerOptions
        {
            StreamName = Options.StreamName,
            CreateResources = Options.CreateResources,
            ShardCount = Options.ShardCount,
            Leases = new LeaseOptions
            {
                WorkerId = workerId,
                TableName = Options.Leases.TableName,
                LeaseDuration = Options.Leases.LeaseDuration,
                RenewInterval = Options.Leases.RenewInterval,
                ShardSyncInterval = Options.Leases.ShardSyncInterval,
                IdleShardTimeout = Options.Leases.IdleShardTimeout,
            },
            Sinks = Options.Sinks,
        };
        Assert.False(new AwsWorkerOptionsValidator().Validate(null, aws).Failed);
        return AwsEdgeServices.Create(options, new AwsEdgeSettings(aws, Context, extraSinks), _loggers, TimeProvider.System);
    }

    /// <summary>The settings a `consume` worker named <paramref name="workerId"/> reads to join this system (as configuration keys).</summary>
    public Dictionary<string, string?> ConsumeSettings(string workerId)
    {
        AwsOptions clients = _emulators.CreateOptions();
        const string A = AwsWorkerOptions.Section;
        return new Dictionary<string, string?>
        {
            ["StreamGuard:Privacy:PseudonymKey"] = _key,
            ["StreamGuard:Privacy:SealingKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)5, 32).ToArray()),
            ["StreamGuard:Pipeline:IdlePollInterval"] = "00:00:00.050",
            [$"{A}:StreamName"] = Options.StreamName,
            [$"{A}:Leases:WorkerId"] = workerId,
            [$"{A}:Leases:TableName"] = Options.Leases.TableName,
            [$"{A}:Leases:LeaseDuration"] = Options.Leases.LeaseDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            [$"{A}:Leases:RenewInterval"] = Options.Leases.RenewInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            [$"{A}:Leases:ShardSyncInterval"] = Options.Leases.ShardSyncInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            [$"{A}:Sinks:TransactionsTable"] = Options.Sinks.TransactionsTable,
            [$"{A}:Sinks:ProfilesTable"] = Options.Sinks.ProfilesTable,
            [$"{A}:Sinks:AggregatesTable"] = Options.Sinks.AggregatesTable,
            [$"{A}:Sinks:ArchiveBucket"] = Options.Sinks.ArchiveBucket,
            [$"{A}:Sinks:InsightsTable"] = Options.Sinks.InsightsTable,
            [$"{A}:Sinks:VerdictsTable"] = Options.Sinks.VerdictsTable,
            [$"{A}:Sinks:ReleasesTable"] = Options.Sinks.ReleasesTable,
            ["Aws:Region"] = clients.Region,
            ["Aws:KinesisServiceUrl"] = clients.KinesisServiceUrl,
            ["Aws:DynamoDbServiceUrl"] = clients.DynamoDbServiceUrl,
            ["Aws:S3ServiceUrl"] = clients.S3ServiceUrl,
            ["Aws:SnsServiceUrl"] = clients.SnsServiceUrl,
        };
    }

    public long Processed => _workers.Sum(w => w.Worker.Pipeline.Counters.Processed);

    public async Task<int> CountTransactionsAsync()
    {
        int count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            ScanResponse page = await Dynamo.ScanAsync(new ScanRequest { TableName = Options.Sinks.TransactionsTable, Select = Select.COUNT, ExclusiveStartKey = start }).WaitAsync(Timeout);
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return count;
    }

    public async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            ScanResponse page = await Dynamo.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start }).WaitAsync(Timeout);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>Every line of every gzip NDJSON object under <paramref name="prefix"/>, with its key.</summary>
    public async Task<List<(string Key, JsonElement Line)>> ReadObjectsAsync(string prefix)
    {
        var lines = new List<(string, JsonElement)>();
        string? token = null;
        do
        {
            ListObjectsV2Response listed = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Options.Sinks.ArchiveBucket, Prefix = prefix, ContinuationToken = token }).WaitAsync(Timeout);
            foreach (S3Object o in listed.S3Objects ?? [])
            {
                using GetObjectResponse got = await S3.GetObjectAsync(Options.Sinks.ArchiveBucket, o.Key).WaitAsync(Timeout);
                using var gzip = new GZipStream(got.ResponseStream, CompressionMode.Decompress);
                using var reader = new StreamReader(gzip);
                string text = await reader.ReadToEndAsync().WaitAsync(Timeout);
                foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    lines.Add((o.Key, JsonDocument.Parse(line).RootElement.Clone()));
                }
            }

            token = listed.IsTruncated == true ? listed.NextContinuationToken : null;
        }
        while (token is not null);

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RunningWorker worker in _workers)
        {
            await worker.KillAsync();
            await worker.Worker.DisposeAsync();
            worker.Dispose();
        }

        Dynamo.Dispose();
        S3.Dispose();
        Context.Dispose();
    }
}
