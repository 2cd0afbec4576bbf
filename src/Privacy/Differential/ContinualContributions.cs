using System.Numerics;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The per-person contribution bound of one continual release instance, fixed by configuration
/// and never by the data: over the horizon a person's first ContinualMaxTransactionsPerCustomer
/// transactions count; on each day a person's spending in one category counts up to
/// ContinualDailyCategoryClamp (later spending of that day and category adds 0 dollars but still
/// counts as a transaction); a person's amounts over the horizon count up to
/// ContinualMaxAmountPerCustomer in all; a person counts as a customer of at most
/// ContinualMaxCategoriesPerCustomer categories (the first ones they buy in). Hence, whatever one
/// person does, the horizon's transaction-count vector moves by at most C (L1), the amount vector
/// by at most C x clamp (each counted transaction opens at most one clamped day-category cell),
/// and by at most the horizon amount cap, the customer-count vector by at most K, and the segment vector by 1.
/// Memory: one entry per person seen in the horizon, and cells of the current day only.
/// </summary>
internal sealed class ContinualContributions
{
    private readonly int _maxTransactions;
    private readonly long _dailyCategoryClampCents;
    private readonly long _maxAmountCents;
    private readonly int _maxCategories;
    private readonly Dictionary<string, Person> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Customer, int Category), long> _cells = [];
    private long _cellDay = long.MinValue;

    public ContinualContributions(int maxTransactions, decimal dailyCategoryClamp, int maxCategories, decimal maxAmount)
    {
        _maxAmountCents = WindowContributions.Cents(maxAmount);
        _maxTransactions = maxTransactions;
        _dailyCategoryClampCents = WindowContributions.Cents(dailyCategoryClamp);
        _maxCategories = maxCategories;
    }

    /// <summary>L1 bound of one person's transaction counts over the horizon.</summary>
    public long CountBound => _maxTransactions;

    /// <summary>L1 bound of one person's amounts over the horizon, in cents.</summary>
    public long AmountBoundCents => Math.Min(_maxAmountCents, _maxTransactions * _dailyCategoryClampCents);

    /// <summary>L1 bound of one person's customer counts over the horizon.</summary>
    public long CustomerBound => _maxCategories;

    public void Clear()
    {
        _people.Clear();
        _cells.Clear();
        _cellDay = long.MinValue;
    }

    /// <summary>What one transaction adds, after the bounds.</summary>
    /// <param name="day">The transaction's event day (days since the epoch): the clamp's cells are per day.</param>
    public Contribution Add(string customerId, int category, decimal amount, long day)
    {
        if (day != _cellDay)
        {
            _cells.Clear();
            _cellDay = day;
        }

        bool firstSeen = !_people.TryGetValue(customerId, out Person person);
        if (person.Used >= _maxTransactions)
        {
            if (firstSeen)
            {
                _people[customerId] = person;
            }

            return new Contribution(firstSeen, 0, 0, 0);
        }

        person.Used++;
        long cents = WindowContributions.Cents(Math.Max(0m, amount));
        long already = _cells.GetValueOrDefault((customerId, category));
        long add = Math.Clamp(Math.Min(_dailyCategoryClampCents - already, _maxAmountCents - person.Cents), 0, cents);
        person.Cents += add;
        _cells[(customerId, category)] = already + add;
        int customer = 0;
        int bit = 1 << category;
        if ((person.Categories & bit) == 0 && BitOperations.PopCount((uint)person.Categories) < _maxCategories)
        {
            person.Categories |= bit;
            customer = 1;
        }

        _people[customerId] = person;
        return new Contribution(firstSeen, 1, add, customer);
    }

    /// <summary>Writes the bound's state (saved with its shard, so a person's bound holds across a lease move).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_cellDay);
        writer.Write(_people.Count);
        foreach ((string customer, Person person) in _people)
        {
            writer.Write(customer);
            writer.Write(person.Used);
            writer.Write(person.Categories);
            writer.Write(person.Cents);
        }

        writer.Write(_cells.Count);
        foreach (((string customer, int category), long cents) in _cells)
        {
            writer.Write(customer);
            writer.Write(category);
            writer.Write(cents);
        }
    }

    /// <summary>Replaces the state with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        Clear();
        _cellDay = reader.ReadInt64();
        int people = reader.ReadInt32();
        for (int i = 0; i < people; i++)
        {
            string customer = reader.ReadString();
            _people[customer] = new Person { Used = reader.ReadInt32(), Categories = reader.ReadInt32(), Cents = reader.ReadInt64() };
        }

        int cells = reader.ReadInt32();
        for (int i = 0; i < cells; i++)
        {
            string customer = reader.ReadString();
            int category = reader.ReadInt32();
            _cells[(customer, category)] = reader.ReadInt64();
        }
    }

    private struct Person
    {
        public int Used;
        public int Categories;
        public long Cents;
    }
}
