using System.Security.Cryptography;
using System.Text;

namespace StreamGuard.Privacy;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 of a domain-separated value. Without the key the card-number
/// space cannot be hashed to reverse them, unlike a plain hash. A bounded cache spares the HMAC
/// for the cards seen most.
/// </summary>
public sealed class Pseudonymizer
{
    private const int CacheLimit = 200_000;
    private readonly byte[] _key;
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);

    public Pseudonymizer(PseudonymKey key) => _key = key.Bytes;

    /// <summary>The domain of keyed transaction ids: their own, so a transaction id never equals another pseudonym.</summary>
    public const string TransactionDomain = "txn";

    /// <summary>A pseudonym such as "card_3f9a...": the prefix names the domain, 20 hex digits follow.</summary>
    public string Pseudonym(string domain, string value)
    {
        string cacheKey = domain + "\u001f" + value;
        if (_cache.TryGetValue(cacheKey, out string? cached))
        {
            return cached;
        }

        string pseudonym = Compute(cacheKey, domain);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = pseudonym;
        return pseudonym;
    }

    /// <summary>
    /// The keyed id of a source transaction id ("txn_..."): deterministic for one key, so
    /// deduplication, Plaid corrections (pending to posted, modified, removed) and idempotent
    /// writes match on it as on the source id; not cached (each id is seen about once).
    /// </summary>
    public string TransactionId(string sourceId) => Compute(TransactionDomain + "\u001f" + sourceId, TransactionDomain);

    private string Compute(string cacheKey, string domain)
    {
        int max = Encoding.UTF8.GetMaxByteCount(cacheKey.Length);
        Span<byte> input = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int length = Encoding.UTF8.GetBytes(cacheKey, input);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..length], mac);
        return domain + "_" + Convert.ToHexStringLower(mac[..10]);
    }
}
