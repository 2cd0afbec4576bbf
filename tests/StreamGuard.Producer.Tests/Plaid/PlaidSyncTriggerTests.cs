using StreamGuard.Plaid.Sync;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidSyncTriggerTests
{
    [Fact]
    public async Task WaitAsync_RequestsBeforeWait_CoalescesPerItem()
    {
        var trigger = new PlaidSyncTrigger();
        trigger.Request("item-a");
        trigger.Request("item-b");
        trigger.Request("item-a");

        IReadOnlyCollection<string>? items = await trigger.WaitAsync(TimeSpan.FromHours(1), TimeProvider.System, CancellationToken.None).Within();

        Assert.Equal(["item-a", "item-b"], items!.Order());
    }

    [Fact]
    public async Task WaitAsync_IntervalPassesWithoutRequest_ReturnsNullForEveryItem()
    {
        var trigger = new PlaidSyncTrigger();

        IReadOnlyCollection<string>? items = await trigger.WaitAsync(TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None).Within();

        Assert.Null(items);
    }

    [Fact]
    public async Task WaitAsync_MoreDistinctItemsThanTheCap_FallsBackToEveryItem()
    {
        var trigger = new PlaidSyncTrigger();
        for (int i = 0; i <= PlaidSyncTrigger.MaxPendingItems; i++)
        {
            trigger.Request("item-" + i);
        }

        Assert.Null(await trigger.WaitAsync(TimeSpan.FromHours(1), TimeProvider.System, CancellationToken.None).Within());
        trigger.Request("item-x");
        Assert.Equal(["item-x"], await trigger.WaitAsync(TimeSpan.FromHours(1), TimeProvider.System, CancellationToken.None).Within());
    }
}
