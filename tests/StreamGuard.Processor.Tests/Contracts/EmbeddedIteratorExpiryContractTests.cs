using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>embedded mode's stream on a manual clock: its iterators expire like Kinesis's.</summary>
public sealed class EmbeddedIteratorExpiryContractTests : IteratorExpiryContractTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    protected override TimeSpan IteratorLifetime => EmbeddedStream.IteratorLifetime;

    protected override Task<(IStreamProducer Producer, IStreamConsumer Consumer)> CreateStreamAsync()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 2 }, _time);
        return Task.FromResult<(IStreamProducer, IStreamConsumer)>((stream, stream));
    }

    protected override void Advance(TimeSpan by) => _time.Advance(by);
}
