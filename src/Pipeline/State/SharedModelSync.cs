using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// One worker's link to the global models (<see cref="ISharedModelStore"/>): keeps the newest published
/// version in memory (polled in the background), hands it to each shard's holder at that shard's next
/// state barrier, and publishes a holder's change (a retrained model) with a version check. The store
/// is read and written only on <see cref="RunAsync"/>'s task: a stage never waits for I/O.
/// </summary>
public sealed partial class SharedModelSync
{
    private readonly ISharedModelStore _store;
    private readonly string _worker;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Bounded: a holder whose request does not fit asks again at its next barrier.
    private readonly Channel<Request> _requests = Channel.CreateBounded<Request>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly object _gate = new();
    private readonly HashSet<ISharedModelHolder> _pending = new(ReferenceEqualityComparer.Instance);
    private (long Version, ISharedModelHolder? Holder) _own;
    private SharedModelVersion? _latest;
    private long _published;
    private long _refused;
    private long _adopted;

    /// <param name="worker">This worker's id, named in each version it publishes.</param>
    /// <param name="poll">How often the store is asked for a newer version.</param>
    public SharedModelSync(ISharedModelStore store, string worker, TimeSpan poll, TimeProvider time, ILogger logger)
    {
        _store = store;
        _worker = worker;
        _poll = poll > TimeSpan.Zero ? poll : TimeSpan.FromSeconds(1);
        _time = time;
        _logger = logger;
    }

    /// <summary>The newest version this worker knows of; null before any was published.</summary>
    public SharedModelVersion? Latest => Volatile.Read(ref _latest);

    /// <summary>Versions this worker published.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publications refused because another publisher took that version first.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Times a holder replaced its working copy with a version published elsewhere.</summary>
    public long Adopted => Interlocked.Read(ref _adopted);

    /// <summary>
    /// At a state barrier, on the holder's own task: adopts a newer version if there is one; otherwise,
    /// when the holder learned something to share, captures it and queues it for publication.
    /// </summary>
    public void AtBarrier(ISharedModelHolder holder, string shard)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (AdoptIfNewer(holder) || !holder.HasUnpublishedChange)
        {
            return;
        }

        lock (_gate)
        {
            if (!_pending.Add(holder))
            {
                return;
            }
        }

        var next = new SharedModelVersion(holder.SharedVersion + 1, $"{_worker}/{shard}", _time.GetUtcNow(), holder.CaptureShared());
        if (!_requests.Writer.TryWrite(new Request(holder, next)))
        {
            lock (_gate)
            {
                _pending.Remove(holder);
            }
        }
    }

    /// <summary>Hands the holder the newest version when it builds on an older one (a shard being opened, or at a barrier); true when it did.</summary>
    public bool AdoptIfNewer(ISharedModelHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        SharedModelVersion? latest = Latest;
        if (latest is null || latest.Version <= holder.SharedVersion)
        {
            return false;
        }

        bool own;
        lock (_gate)
        {
            own = _own.Version == latest.Version && ReferenceEquals(_own.Holder, holder);
        }

        if (own)
        {
            // Its own capture won: what it holds is that version plus what it learned since.
            holder.MarkPublished(latest.Version);
            return true;
        }

        holder.AdoptShared(latest);
        Interlocked.Increment(ref _adopted);
        Log.Adopted(_logger, latest.Version, latest.Publisher);
        return true;
    }

    /// <summary>Reads the newest version from the store.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Only a newer version is read whole (a pointer or an index look-up otherwise): polling stays cheap.
        SharedModelVersion? current = await _store.GetNewerAsync(Latest?.Version ?? 0, cancellationToken).ConfigureAwait(false);
        Note(current);
    }

    /// <summary>Publishes the queued changes now (each against the version it builds on), then reads the newest version.</summary>
    public async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        while (_requests.Reader.TryRead(out Request? request))
        {
            try
            {
                if (await _store.TryPublishAsync(request.Next, cancellationToken).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        _own = (request.Next.Version, request.Holder);
                    }

                    Note(request.Next);
                    Interlocked.Increment(ref _published);
                    Log.Published(_logger, request.Next.Version, request.Next.Publisher, request.Next.Data.Length);
                }
                else
                {
                    // Someone published that version first: the holder takes theirs at its next barrier, and its own change goes.
                    Interlocked.Increment(ref _refused);
                    Log.Refused(_logger, request.Next.Version, request.Next.Publisher);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _pending.Remove(request.Holder);
                }
            }
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>At the end of a run: publishes what is queued; a store out of reach is logged, not thrown (the run's results stand).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PublishPendingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or InvalidDataException or TimeoutException)
        {
            Log.StoreFailed(_logger, e);
        }
    }

    /// <summary>Until cancelled: publishes queued changes as they come, and polls the store for newer versions.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PublishPendingAsync(cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task delay = Task.Delay(_poll, _time, wait.Token);
                await Task.WhenAny(delay, _requests.Reader.WaitToReadAsync(wait.Token).AsTask()).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or InvalidDataException or TimeoutException)
            {
                // The store is out of reach: shards keep scoring with the version they hold, and the next round tries again.
                Log.StoreFailed(_logger, e);
                try
                {
                    await Task.Delay(_poll, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private void Note(SharedModelVersion? version)
    {
        if (version is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_latest is null || version.Version > _latest.Version)
            {
                Volatile.Write(ref _latest, version);
            }
        }
    }

    private sealed record Request(ISharedModelHolder Holder, SharedModelVersion Next);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1060, Level = LogLevel.Information, Message = "Published shared model version {Version} from {Publisher} ({Bytes} bytes)")]
        public static partial void Published(ILogger logger, long version, string publisher, int bytes);

        [LoggerMessage(EventId = 1061, Level = LogLevel.Information, Message = "Shared model version {Version} from {Publisher} was refused: another publisher took that version first")]
        public static partial void Refused(ILogger logger, long version, string publisher);

        [LoggerMessage(EventId = 1062, Level = LogLevel.Information, Message = "Adopted shared model version {Version} from {Publisher}")]
        public static partial void Adopted(ILogger logger, long version, string publisher);

        [LoggerMessage(EventId = 1063, Level = LogLevel.Warning, Message = "The shared model store could not be reached; shards keep the version they hold")]
        public static partial void StoreFailed(ILogger logger, Exception exception);
    }
}
