using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;

namespace StreamGuard.Aws.Tests.Producer;

/// <summary>`replay PATH --target kinesis --stream NAME` run as the real command against kinesalite.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReplayKinesisCommandTests(EmulatorFixture emulators) : IDisposable
{
    private static readonly TimeSpan s_timeout = ProducerProcess.Timeout;
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

        (int exit, _, string stderr) = await RunProducerAsync("replay", _input, "--target", "kinesis", "--stream", stream.StreamName, "--rate", "5000");

        Assert.True(exit == 0, stderr);
        Assert.Contains("--rate 5,000/s is more than the 1 open shards", stderr, StringComparison.Ordinal);
        Assert.Contains("Replayed 300 events", stderr, StringComparison.Ordinal);
        Assert.Equal(300, (await ProducerProcess.ReadAllAsync(stream)).Count);
    }

    [Fact]
    public async Task Replay_KinesisWithoutStream_RefusesNamingTheOption()
    {
        (int exit, _, string stderr) = await RunProducerAsync("replay", FindUpwards(Path.Combine("data", "sample.csv")), "--target", "kinesis");

        Assert.Equal(2, exit);
        Assert.Contains("--target kinesis needs --stream NAME", stderr, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunProducerAsync(params string[] args) =>
        ProducerProcess.RunAsync(new Dictionary<string, string> { ["Aws__KinesisServiceUrl"] = emulators.Endpoints.Kinesis, ["Aws__Region"] = "us-east-1" }, args);

    private static string FindUpwards(string relative) => ProducerProcess.FindUpwards(relative);
}
