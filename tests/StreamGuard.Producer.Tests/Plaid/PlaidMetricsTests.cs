using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidMetricsTests
{
    [Fact]
    public async Task SyncAsync_RateLimitThenMutation_RecordsRetriesRestartAndCommittedChanges()
    {
        await using var host = new PlaidTestHost(pageSize: 1);
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meters: other tests run in parallel with their own.
            if (instrument.Meter.Scope == host.Meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a", "acc-1", 1m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b", "acc-1", 2m, "2024-03-01"));
        host.Server.FailNext("/transactions/sync", 429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT");
        item.AfterSyncPage = (it, served) =>
        {
            if (served == 1)
            {
                it.Remove("a", "acc-1");
            }
        };

        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, new RecordingCommitter(), CancellationToken.None).Within();

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        long Sum(string instrument, string tags) => measurements.Where(m => m.Instrument == instrument && m.Tags.Contains(tags, StringComparison.Ordinal)).Sum(m => m.Value);
        Assert.Equal(1, Sum("streamguard.plaid.requests", "outcome=retry"));
        Assert.Equal(1, Sum("streamguard.plaid.requests", "outcome=error"));
        Assert.Equal(4, Sum("streamguard.plaid.requests", "outcome=ok"));
        Assert.Equal(1, Sum("streamguard.plaid.sync.restarts", ""));
        Assert.Equal(1, Sum("streamguard.plaid.sync.rounds", "outcome=committed"));
        Assert.Equal(2, Sum("streamguard.plaid.sync.changes", "kind=added"));
        Assert.Equal(1, Sum("streamguard.plaid.sync.changes", "kind=removed"));
    }
}
