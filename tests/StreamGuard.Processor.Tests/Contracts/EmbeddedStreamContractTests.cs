using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>embedded mode's stream: the in-process shards.</summary>
public sealed class EmbeddedStreamContractTests : StreamContractTests
{
    protected override Task<(IStreamProducer Producer, IStreamConsumer Consumer)> CreateStreamAsync()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = ShardCount });
        return Task.FromResult<(IStreamProducer, IStreamConsumer)>((stream, stream));
    }
}
