using System.Threading.Channels;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>What the console's tail of the aws live stream received, for the canary scans.</summary>
internal static class LiveUpdates
{
    /// <summary>Reads updates until they account for <paramref name="processed"/> processed records, and returns them all.</summary>
    public static async Task<List<LiveUpdate>> ReadUntilProcessedAsync(ChannelReader<LiveUpdate> shown, long processed, TimeSpan deadline)
    {
        var updates = new List<LiveUpdate>();
        long shownProcessed = 0;
        await Eventually.WaitAsync(
            () =>
            {
                while (shown.TryRead(out LiveUpdate? update))
                {
                    updates.Add(update);
                    shownProcessed += update.Processed;
                }

                return shownProcessed >= processed;
            },
            deadline,
            () => $"live stream shows {shownProcessed} processed of {processed}");
        return updates;
    }
}
