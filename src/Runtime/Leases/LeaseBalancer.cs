namespace StreamGuard.Runtime.Leases;

/// <summary>
/// The KCL's taking rule, without I/O: aim at a fair share (ceil(leases / workers)); take expired
/// or unowned leases first; only when none are free, steal from the most loaded worker while it
/// holds more than the share.
/// </summary>
public static class LeaseBalancer
{
    /// <param name="leases">Every lease in the table.</param>
    /// <param name="isAvailable">Whether a lease owned by someone may be taken now (unowned, expired, or this worker's own stale lease).</param>
    /// <returns>Leases to take, with the counter observed (the condition of the take).</returns>
    public static IReadOnlyList<Lease> ChooseLeasesToTake(IReadOnlyList<Lease> leases, string workerId, IReadOnlySet<string> held, Func<Lease, bool> isAvailable, int maxSteal)
    {
        List<Lease> active = leases.Where(l => !l.IsFinished && ParentsFinished(l, leases)).ToList();
        if (active.Count == 0)
        {
            return [];
        }

        var available = new List<Lease>();
        var owned = new Dictionary<string, List<Lease>>(StringComparer.Ordinal) { [workerId] = [] };
        foreach (Lease lease in active)
        {
            if (held.Contains(lease.LeaseKey))
            {
                owned[workerId].Add(lease);
            }
            else if (isAvailable(lease))
            {
                available.Add(lease);
            }
            else
            {
                string owner = lease.Owner!;
                if (!owned.TryGetValue(owner, out List<Lease>? list))
                {
                    owned[owner] = list = [];
                }

                list.Add(lease);
            }
        }

        int target = (active.Count + owned.Count - 1) / owned.Count;
        int needed = target - owned[workerId].Count;
        if (needed <= 0)
        {
            return [];
        }

        if (available.Count > 0)
        {
            // Shuffled so workers starting together do not all race for the same lease.
            return available.OrderBy(_ => Random.Shared.Next()).Take(needed).ToList();
        }

        KeyValuePair<string, List<Lease>> mostLoaded = owned.Where(o => o.Key != workerId).OrderByDescending(o => o.Value.Count).FirstOrDefault();
        if (mostLoaded.Value is null)
        {
            return [];
        }

        bool overShare = mostLoaded.Value.Count > target || (mostLoaded.Value.Count == target && needed > 1);
        return overShare ? mostLoaded.Value.OrderBy(_ => Random.Shared.Next()).Take(Math.Min(maxSteal, needed)).ToList() : [];
    }

    /// <summary>A child shard is read only after every parent that still has a lease reached SHARD_END.</summary>
    public static bool ParentsFinished(Lease lease, IReadOnlyList<Lease> leases)
    {
        foreach (string parent in lease.ParentShardIds)
        {
            Lease? parentLease = leases.FirstOrDefault(l => l.LeaseKey == parent);
            if (parentLease is not null && !parentLease.IsFinished)
            {
                return false;
            }
        }

        return true;
    }
}
