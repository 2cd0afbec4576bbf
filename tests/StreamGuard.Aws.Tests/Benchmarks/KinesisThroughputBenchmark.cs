using System.Diagnostics;
using System.Text;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Streaming;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Benchmarks;

/// <summary>
/// Put and read throughput of KinesisClient against kinesalite. Run:
/// <c>STREAMGUARD_BENCHMARKS=1 dotnet test tests/StreamGuard.Aws.Tests --filter Category=Benchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class KinesisThroughputBenchmark(EmulatorFixture emulators, ITestOutputHelper output)
{
    private const int Records = 20_000;
    private const int RecordBytes = 300;

    [BenchmarkFact]
    public async Task PutRecords_Kinesalite_PrintsRecordsPerSecond()
    {
        using AwsClientContext context = emulators.CreateContext();
        foreach (int parallel in new[] { 1, 4 })
        {
            var client = new KinesisClient(context, "sg-bench-" + Guid.NewGuid().ToString("N")[..8]);
            await client.EnsureStreamAsync(4, TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            PutRecordEntry[][] batches = Enumerable.Range(0, Records)
                .Select(i => new PutRecordEntry($"customer-{i % 997}", Encoding.UTF8.GetBytes($"{i}|".PadRight(RecordBytes, 'x'))))
                .Chunk(StreamLimits.MaxRecordsPerPut)
                .ToArray();

            var clock = Stopwatch.StartNew();
            int next = -1, failed = 0;
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < batches.Length)
                {
                    PutRecordsResult result = await client.PutRecordsAsync(batches[index], CancellationToken.None);
                    Interlocked.Add(ref failed, result.FailedRecordCount);
                }
            })).WaitAsync(TimeSpan.FromMinutes(5));
            clock.Stop();
            double putRate = Records / clock.Elapsed.TotalSeconds;

            clock.Restart();
            int read = 0;
            foreach (ShardDescription shard in await client.ListShardsAsync(CancellationToken.None))
            {
                string? iterator = await client.GetShardIteratorAsync(shard.ShardId, ShardPosition.TrimHorizon, CancellationToken.None);
                while (iterator is not null)
                {
                    GetRecordsResult page = await client.GetRecordsAsync(iterator, StreamLimits.MaxRecordsPerGet, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
                    read += page.Records.Count;
                    iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
                }
            }

            clock.Stop();
            string line = $"kinesalite 4 shards, {Records} x {RecordBytes} B, {parallel} sender(s): put {putRate:N0} records/s ({failed} failed entries); read {read} at {read / clock.Elapsed.TotalSeconds:N0} records/s";
            output.WriteLine(line);
            Console.WriteLine(line);
            Assert.Equal(Records, read);
        }
    }
}
