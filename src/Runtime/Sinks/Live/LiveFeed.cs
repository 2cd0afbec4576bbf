using System.Threading.Channels;

namespace StreamGuard.Runtime.Sinks.Live;

/// <summary>
/// Fans live updates out to viewers. Each viewer has its own small bounded channel that drops
/// its oldest update when the viewer falls behind, so a slow viewer never slows the pipeline;
/// drops are counted.
/// </summary>
public sealed class LiveFeed
{
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private List<Channel<LiveUpdate>> _watchers = [];
    private long _dropped;

    public LiveFeed(int capacityPerWatcher = 256) => _capacity = capacityPerWatcher;

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<LiveUpdate> Subscribe(CancellationToken unsubscribe)
    {
        Channel<LiveUpdate> channel = Channel.CreateBounded<LiveUpdate>(
            new BoundedChannelOptions(_capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        lock (_lock)
        {
            _watchers = [.. _watchers, channel];
        }

        unsubscribe.Register(() =>
        {
            lock (_lock)
            {
                _watchers = _watchers.Where(w => w != channel).ToList();
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(LiveUpdate update)
    {
        foreach (Channel<LiveUpdate> watcher in Volatile.Read(ref _watchers))
        {
            watcher.Writer.TryWrite(update);
        }
    }
}
