using System.Diagnostics;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Aws;
using StreamGuard.Core.Aws.Kinesis;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Producer;

/// <summary>`replay PATH --target kinesis --stream NAME` run as the real command against kinesalite.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReplayKinesisCommandTests(EmulatorFixture emulators) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _input = Path.Combine(Path.GetTempPath(), "sg-replay-" + Guid.NewGuid().ToString("N")[..8] + ".csv");

    public void Dispose() => File.Delete(_input);

    [Fact]
    public async Task Replay_RateAboveShardCapacity_WarnsAndPutsEveryRowInTheStream()
    {
        string sample = FindUpwards(Path.Combine("data", "sample.csv"));
        await File.WriteAllLinesAsync(_input, File.ReadLines(sample).Take(301));
        using AwsClientContext context = emulators.CreateContext();
        var stream = new KinesisClient(context, "sg-replay-" + Guid.NewGuid().ToString("N")[..10]);
        await stream.EnsureStreamAsync(1, s_timeout, CancellationToken.None).WaitAsync(s_timeout);

        (int exit, string stderr) = await RunProducerAsync("replay", _input, "--target", "kinesis", "--stream", stream.StreamName, "--rate", "5000");

        Assert.True(exit == 0, stderr);
        Assert.Contains("--rate 5,000/s is more than the 1 open shards", stderr, StringComparison.Ordinal);
        Assert.Contains("Replayed 300 events", stderr, StringComparison.Ordinal);
        Assert.Equal(300, await CountRecordsAsync(stream));
    }

    [Fact]
    public async Task Replay_KinesisWithoutStream_RefusesNamingTheOption()
    {
        (int exit, string stderr) = await RunProducerAsync("replay", FindUpwards(Path.Combine("data", "sample.csv")), "--target", "kinesis");

        Assert.Equal(2, exit);
        Assert.Contains("--target kinesis needs --stream NAME", stderr, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Stderr)> RunProducerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StreamGuard.Producer.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Aws__KinesisServiceUrl"] = emulators.Endpoints.Kinesis;
        start.Environment["Aws__Region"] = "us-east-1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static async Task<int> CountRecordsAsync(KinesisClient stream)
    {
        int count = 0;
        foreach (ShardDescription shard in await stream.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout))
        {
            string? iterator = await stream.GetShardIteratorAsync(shard.ShardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout);
            while (iterator is not null)
            {
                GetRecordsResult page = await stream.GetRecordsAsync(iterator, 10_000, CancellationToken.None).WaitAsync(s_timeout);
                count += page.Records.Count;
                iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
            }
        }

        return count;
    }

    private static string FindUpwards(string relative)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}
