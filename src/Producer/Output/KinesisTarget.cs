using System.Globalization;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Producer.Output;

/// <summary>
/// The `--target kinesis` side of `replay` and `plaid sync`: a Kinesis stream through the thin client, with region and
/// endpoint from the same settings as the processor (Aws__Region, Aws__KinesisServiceUrl or AWS_REGION)
/// and credentials from the AWS chain. Checks the stream first and says when the asked rate is more
/// than its shards take, rather than letting Kinesis throttle silently.
/// </summary>
internal sealed class KinesisTarget : IDisposable
{
    private readonly AwsClientContext _context;

    private KinesisTarget(AwsClientContext context, KinesisClient client, int openShards)
    {
        _context = context;
        Client = client;
        OpenShards = openShards;
    }

    public KinesisClient Client { get; }

    public IStreamProducer Producer => Client;

    public int OpenShards { get; }

    /// <summary>Records per second the open shards accept (1,000 each).</summary>
    public int Capacity => OpenShards * 1_000;

    public static Task<KinesisTarget> OpenAsync(string streamName, ReplayOptions options, TextWriter report, CancellationToken cancellationToken) =>
        OpenAsync(streamName, options, Environment.GetEnvironmentVariable, report, cancellationToken);

    /// <summary>As above, reading the settings through <paramref name="environment"/>; without replay options no pace note is written.</summary>
    public static async Task<KinesisTarget> OpenAsync(
        string streamName, ReplayOptions? options, Func<string, string?> environment, TextWriter report, CancellationToken cancellationToken)
    {
        var aws = new AwsOptions
        {
            Region = environment("Aws__Region"),
            KinesisServiceUrl = environment("Aws__KinesisServiceUrl"),
        };
        AwsClientContext context = AwsClientContext.FromOptions(aws);
        try
        {
            var client = new KinesisClient(context, streamName);
            KinesisStreamSummary summary;
            try
            {
                summary = await client.DescribeStreamSummaryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException e)
            {
                throw new InvalidOperationException($"--stream: Kinesis stream '{streamName}' does not exist at {client.Endpoint}.", e);
            }

            if (!summary.IsActive)
            {
                throw new InvalidOperationException($"--stream: Kinesis stream '{streamName}' is {summary.Status}, not ACTIVE.");
            }

            int openShards = summary.OpenShardCount ?? (await client.ListShardsAsync(cancellationToken).ConfigureAwait(false)).Count(s => !s.IsClosed);
            var target = new KinesisTarget(context, client, openShards);
            string? note = options is null ? null : target.CapacityNote(streamName, options);
            if (note is not null)
            {
                await report.WriteLineAsync(note).ConfigureAwait(false);
            }

            return target;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>What the operator should know about the asked pace against the shards' capacity, if anything.</summary>
    internal string? CapacityNote(string streamName, ReplayOptions options)
    {
        if (options.Rate is double rate && rate > Capacity)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Warning: --rate {rate:N0}/s is more than the {OpenShards} open shards of '{streamName}' take ({Capacity:N0} records/s). ") +
                "Kinesis will throttle; throttled records are retried and counted as 'retried' in the summary. Add shards or lower --rate.";
        }

        return options.Rate is null && options.Speed is null
            ? string.Create(CultureInfo.InvariantCulture, $"Sending as fast as possible into '{streamName}': its {OpenShards} open shards take about {Capacity:N0} records/s; beyond that throttled records are retried and counted.")
            : null;
    }

    public void Dispose() => _context.Dispose();
}
