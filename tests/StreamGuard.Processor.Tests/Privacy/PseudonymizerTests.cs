using System.Security.Cryptography;
using System.Text;
using StreamGuard.Privacy;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class PseudonymizerTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    /// <summary>What a pseudonym has always been: the first 10 bytes of HMAC-SHA256(key, UTF-8 of "domain", U+001F, "value") in lower hex.</summary>
    private static string Expected(string domain, string value) =>
        domain + "_" + Convert.ToHexStringLower(HMACSHA256.HashData(s_key, Encoding.UTF8.GetBytes(domain + "\u001f" + value)).AsSpan(0, 10));

    [Theory]
    [InlineData("card", "4263982640269299")]
    [InlineData("cust", "JANE|DOE|1980-02-03|12345")]
    [InlineData("cust", "person\u001fuser-é-ß-漢字")]
    public void Pseudonym_ManyValuesInARow_EqualsTheKeyedHmacOfEach(string domain, string value)
    {
        var pseudonymizer = new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(s_key), "test"));

        // Twice each, interleaved: the reused HMAC context is reset between values and the cache returns the same text.
        string first = pseudonymizer.Pseudonym(domain, value);
        string other = pseudonymizer.Pseudonym(domain, value + "x");
        string again = pseudonymizer.Pseudonym(domain, value);

        Assert.Equal(Expected(domain, value), first);
        Assert.Equal(Expected(domain, value + "x"), other);
        Assert.Equal(first, again);
    }

    [Fact]
    public void TransactionId_LongAndShortIds_EqualTheKeyedHmacOfEach()
    {
        var pseudonymizer = new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(s_key), "test"));
        string[] ids = ["a", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", new string('9', 2_000), "t-2"];

        foreach (string id in ids)
        {
            Assert.Equal(Expected(Pseudonymizer.TransactionDomain, id), pseudonymizer.TransactionId(id));
        }
    }
}
