using StreamGuard.Core.Collections;

namespace StreamGuard.Core.Tests.Collections;

public sealed class BoundedGrowthTests
{
    [Fact]
    public void GrowWithin_FullDictionaryUnderBound_GrowsToBoundNotDouble()
    {
        var dictionary = new Dictionary<long, int>();
        var plain = new Dictionary<long, int>();
        const int bound = 1_500;
        for (long key = 0; key < 5_000; key++)
        {
            dictionary.GrowWithin(key, bound);
            dictionary[key] = (int)key;
            plain[key] = (int)key;
            if (dictionary.Count > 1_400)
            {
                dictionary.Remove(key - 1_400);
                plain.Remove(key - 1_400);
            }
        }

        Assert.InRange(dictionary.Capacity, 1_401, 1_600);
        Assert.True(plain.Capacity > 1_600, $"a plain dictionary of at most 1,401 entries has room for {plain.Capacity}");
    }

    [Fact]
    public void GrowWithin_BelowHalfTheBound_GrowsAsTheDictionaryWould()
    {
        var bounded = new Dictionary<long, int>();
        var plain = new Dictionary<long, int>();
        for (long key = 0; key < 1_000; key++)
        {
            bounded.GrowWithin(key, 1_000_000);
            bounded[key] = 1;
            plain[key] = 1;
        }

        Assert.Equal(plain.Capacity, bounded.Capacity);
    }

    [Fact]
    public void GrowWithin_WithRemovalsAndGrowth_KeepsEnumerationOrder()
    {
        var bounded = new Dictionary<long, int>();
        var plain = new Dictionary<long, int>();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            long key = random.Next(3_000);
            if (random.Next(3) == 0)
            {
                bounded.Remove(key);
                plain.Remove(key);
            }
            else
            {
                bounded.GrowWithin(key, 2_500);
                bounded[key] = i;
                plain[key] = i;
            }
        }

        Assert.Equal(plain.ToList(), bounded.ToList());
    }

    [Fact]
    public void GrowWithin_KeyAlreadyPresent_DoesNotGrow()
    {
        var dictionary = new Dictionary<long, int>();
        dictionary.EnsureCapacity(3);
        for (long key = 0; dictionary.Count < dictionary.Capacity; key++)
        {
            dictionary[key] = 0;
        }

        int capacity = dictionary.Capacity;
        dictionary.GrowWithin(0, 1_000);

        Assert.Equal(capacity, dictionary.Capacity);
    }
}
