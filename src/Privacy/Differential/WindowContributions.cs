namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One open window's exact contributions, per category of the public list, kept in memory only
/// until the window is released. Each customer contributes at most a fixed number of transactions
/// (later ones are dropped), with amounts clamped and held in integer cents, so one customer moves
/// the count vector by at most that number and the sum vector by at most that number times the
/// clamp (L1, hence L2 too), and every released statistic is an integer the discrete noise fits.
/// </summary>
internal sealed class WindowContributions
{
    private readonly int _maxPerCustomer;
    private readonly decimal _clamp;
    private readonly Dictionary<string, int> _perCustomer = new(StringComparer.Ordinal);
    private readonly long[] _counts = new long[ReleaseCategories.All.Count];
    private readonly long[] _cents = new long[ReleaseCategories.All.Count];

    public WindowContributions(int maxPerCustomer, decimal amountClamp)
    {
        _maxPerCustomer = maxPerCustomer;
        _clamp = amountClamp;
    }

    /// <summary>Contributions dropped because their customer had reached the bound.</summary>
    public long Dropped { get; private set; }

    public void Add(string customerId, string category, decimal amount)
    {
        int used = _perCustomer.GetValueOrDefault(customerId);
        if (used >= _maxPerCustomer)
        {
            Dropped++;
            return;
        }

        _perCustomer[customerId] = used + 1;
        int i = ReleaseCategories.IndexOf(category);
        _counts[i]++;
        _cents[i] += Cents(Math.Clamp(amount, 0m, _clamp));
    }

    public long Count(int category) => _counts[category];

    public long SumCents(int category) => _cents[category];

    /// <summary>This window's exact totals as a shard's partial (copies: the partial outlives the window).</summary>
    public WindowPartial ToPartial(long startTicks) => new(startTicks, (long[])_counts.Clone(), (long[])_cents.Clone());

    internal static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);
}
