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

    /// <summary>Writes the window's exact state (saved with its shard, so a lease that moves mid-window hands in the whole window).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Dropped);
        writer.Write(_counts.Length);
        for (int i = 0; i < _counts.Length; i++)
        {
            writer.Write(_counts[i]);
            writer.Write(_cents[i]);
        }

        writer.Write(_perCustomer.Count);
        foreach ((string customer, int used) in _perCustomer)
        {
            writer.Write(customer);
            writer.Write(used);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, into a fresh window with the same settings.</summary>
    public static WindowContributions Read(BinaryReader reader, int maxPerCustomer, decimal amountClamp)
    {
        var window = new WindowContributions(maxPerCustomer, amountClamp) { Dropped = reader.ReadInt64() };
        int categories = reader.ReadInt32();
        if (categories != window._counts.Length)
        {
            throw new InvalidDataException($"A saved window has {categories} categories; the public list has {window._counts.Length}.");
        }

        for (int i = 0; i < categories; i++)
        {
            window._counts[i] = reader.ReadInt64();
            window._cents[i] = reader.ReadInt64();
        }

        int customers = reader.ReadInt32();
        for (int i = 0; i < customers; i++)
        {
            window._perCustomer[reader.ReadString()] = reader.ReadInt32();
        }

        return window;
    }

    internal static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);
}
