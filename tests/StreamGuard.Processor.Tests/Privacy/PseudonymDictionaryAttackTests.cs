using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StreamGuard.Privacy;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>
/// Card numbers are few enough to enumerate: an attacker who sees a pseudonym can hash every
/// candidate. These tests show the key is what stops that, and that it is the only thing needed.
/// </summary>
public sealed class PseudonymDictionaryAttackTests
{
    private const string Card = "4539148803436467";
    private const int Candidates = 40_000;

    private static PseudonymKey Key(byte fill) => PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()), "test");

    /// <summary>The card and its neighbours: the same 10-digit prefix, every 6-digit suffix near the real one.</summary>
    private static IEnumerable<string> CardSpace() =>
        Enumerable.Range(0, Candidates).Select(i => Card[..10] + ((436_467 - (Candidates / 2) + i) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));

    [Fact]
    public void Pseudonym_HashingTheCardSpaceWithoutTheKey_FindsNothing_WithTheKey_FindsTheCard()
    {
        string target = new Pseudonymizer(Key(1)).Pseudonym("card", Card);
        string hex = target["card_".Length..];
        byte[] wrongKey = Enumerable.Repeat((byte)2, 32).ToArray();
        var keyed = new Pseudonymizer(Key(1));
        var withKey = new List<string>();
        int withoutKey = 0;

        foreach (string candidate in CardSpace())
        {
            foreach (string input in new[] { candidate, "card\u001f" + candidate, "card" + candidate })
            {
                byte[] bytes = Encoding.UTF8.GetBytes(input);
                withoutKey += Convert.ToHexStringLower(SHA256.HashData(bytes)).StartsWith(hex, StringComparison.Ordinal) ? 1 : 0;
                withoutKey += Convert.ToHexStringLower(SHA512.HashData(bytes)).StartsWith(hex, StringComparison.Ordinal) ? 1 : 0;
                withoutKey += Convert.ToHexStringLower(HMACSHA256.HashData(wrongKey, bytes)).StartsWith(hex, StringComparison.Ordinal) ? 1 : 0;
            }

            if (keyed.Pseudonym("card", candidate) == target)
            {
                withKey.Add(candidate);
            }
        }

        Assert.Equal(0, withoutKey);
        Assert.Equal([Card], withKey);
    }

    [Fact]
    public void Pseudonym_CardSpace_StablePerKeyUniqueAndDisjointAcrossKeys()
    {
        string[] cards = CardSpace().Take(10_000).ToArray();
        var a = new Pseudonymizer(Key(1));
        var b = new Pseudonymizer(Key(3));

        string[] first = cards.Select(c => a.Pseudonym("card", c)).ToArray();
        string[] again = cards.Select(c => new Pseudonymizer(Key(1)).Pseudonym("card", c)).Take(500).ToArray();
        string[] other = cards.Select(c => b.Pseudonym("card", c)).ToArray();

        Assert.Equal(first.Take(500), again);
        Assert.Equal(cards.Length, first.Distinct().Count());
        Assert.Empty(first.Intersect(other));
        Assert.NotEqual(a.Pseudonym("card", Card), a.Pseudonym("cust", Card)[..]);
        Assert.All(first, p => Assert.DoesNotContain(p["card_".Length..], string.Concat(cards.Take(50)), StringComparison.Ordinal));
    }
}
