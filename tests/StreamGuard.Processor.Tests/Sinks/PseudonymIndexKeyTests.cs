using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

public sealed class PseudonymIndexKeyTests
{
    private static readonly string[] s_pseudonyms = MakePseudonyms();

    private static string[] MakePseudonyms()
    {
        var pseudonymizer = new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"));
        return [.. Enumerable.Range(0, 2_000).Select(i => pseudonymizer.Pseudonym(i % 2 == 0 ? "card" : "cust", "person " + i))];
    }

    [Fact]
    public void Of_Pseudonyms_KeysInTextOrderAndFourBytes()
    {
        string[] sorted = [.. s_pseudonyms.Where(p => p.StartsWith("card_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        long[] keys = [.. sorted.Select(PseudonymIndexKey.Of)];

        Assert.Equal(keys.Order(), keys);
        Assert.All(keys, k => Assert.InRange(k, 0, int.MaxValue));
    }

    [Fact]
    public void RangeOf_TypedPrefix_HoldsTheKeyOfEveryPseudonymStartingSo()
    {
        foreach (string prefix in new[] { "cust_0", "cust_3f", "card_a1b2", "cust_0123456789", s_pseudonyms[1] })
        {
            (long low, long high) = PseudonymIndexKey.RangeOf(prefix)!.Value;
            foreach (string id in s_pseudonyms)
            {
                long key = PseudonymIndexKey.Of(id);
                if (id.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Assert.InRange(key, low, high);
                }
            }
        }
    }

    [Theory]
    [InlineData("cust")]
    [InlineData("cust_")]
    [InlineData("cust_3F")]
    [InlineData("cust_3fz")]
    public void RangeOf_PrefixShortOfTheHexDigits_Null(string prefix) => Assert.Null(PseudonymIndexKey.RangeOf(prefix));

    [Theory]
    [InlineData("c1")]
    [InlineData("customer 42")]
    [InlineData("cust_")]
    [InlineData("acct_XYZ")]
    public void Of_NotAPseudonym_NegativeFourByteHash(string id)
    {
        long key = PseudonymIndexKey.Of(id);

        Assert.InRange(key, int.MinValue, -1);
        Assert.Equal(key, PseudonymIndexKey.Of(new string(id.AsSpan())));
    }

    [Fact]
    public void Of_HexRunCutShort_KeyInTheRangeOfItsPrefix()
    {
        (long low, long high) = PseudonymIndexKey.RangeOf("cust_3f")!.Value;

        Assert.InRange(PseudonymIndexKey.Of("cust_3fzz"), low, high);
    }
}
