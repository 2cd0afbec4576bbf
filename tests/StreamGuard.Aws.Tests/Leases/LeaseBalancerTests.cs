using StreamGuard.Runtime.Leases;

namespace StreamGuard.Aws.Tests.Leases;

public sealed class LeaseBalancerTests
{
    private static Lease L(string key, string? owner, string checkpoint = LeaseCheckpoints.TrimHorizon, params string[] parents) => new(key, owner, 1, checkpoint, 0, parents);

    [Fact]
    public void ChooseLeasesToTake_ChildOfUnfinishedParent_IsNotTaken()
    {
        Lease[] leases = [L("parent", "other"), L("child-1", null, parents: "parent"), L("child-2", null, parents: "parent")];

        IReadOnlyList<Lease> chosen = LeaseBalancer.ChooseLeasesToTake(leases, "me", new HashSet<string>(), l => l.Owner is null, 1);

        Assert.Empty(chosen);
    }

    [Fact]
    public void ChooseLeasesToTake_ParentFinished_ChildrenBecomeAvailable()
    {
        Lease[] leases = [L("parent", "other", LeaseCheckpoints.ShardEnd), L("child-1", null, parents: "parent"), L("child-2", null, parents: "parent")];

        IReadOnlyList<Lease> chosen = LeaseBalancer.ChooseLeasesToTake(leases, "me", new HashSet<string>(), l => l.Owner is null, 1);

        Assert.Equal(["child-1", "child-2"], chosen.Select(l => l.LeaseKey).Order());
    }

    [Fact]
    public void ChooseLeasesToTake_BalancedWorkers_StealsNothing()
    {
        Lease[] leases = [L("a", "other"), L("b", "other"), L("c", "me"), L("d", "me")];

        IReadOnlyList<Lease> chosen = LeaseBalancer.ChooseLeasesToTake(leases, "me", new HashSet<string> { "c", "d" }, _ => false, 1);

        Assert.Empty(chosen);
    }

    [Fact]
    public void ChooseLeasesToTake_OddCountOneAboveShare_DoesNotFlapBetweenWorkers()
    {
        Lease[] leases = [L("a", "other"), L("b", "other"), L("c", "me")];

        IReadOnlyList<Lease> chosen = LeaseBalancer.ChooseLeasesToTake(leases, "me", new HashSet<string> { "c" }, _ => false, 1);

        Assert.Empty(chosen);
    }
}
