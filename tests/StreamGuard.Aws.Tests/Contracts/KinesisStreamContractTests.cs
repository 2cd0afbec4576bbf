using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Streaming;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>aws mode's stream: the Kinesis client on kinesalite, a new stream per test.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class KinesisStreamContractTests(EmulatorFixture emulators) : StreamContractTests, IDisposable
{
    private readonly AwsClientContext _context = emulators.CreateContext();

    protected override async Task<(IStreamProducer Producer, IStreamConsumer Consumer)> CreateStreamAsync()
    {
        var client = new KinesisClient(_context, "sg-contract-" + Guid.NewGuid().ToString("N")[..12]);
        await client.EnsureStreamAsync(ShardCount, Timeout, CancellationToken.None).WaitAsync(Timeout);
        return (client, client);
    }

    public void Dispose() => _context.Dispose();
}
