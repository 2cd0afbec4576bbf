using System.Security.Cryptography;
using System.Text;

namespace StreamGuard.Privacy;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 of a domain-separated value. Without the key the card-number
/// space cannot be hashed to reverse them, unlike a plain hash. A bounded cache spares the HMAC
/// for the values seen most. Not thread-safe (its cache and its HMAC context): one per stage.
/// </summary>
public sealed class Pseudonymizer
{
    private const int CacheLimit = 200_000;
    private const int HexBytes = 10;
    private readonly byte[] _key;
    private readonly Dictionary<(string Domain, string Value), string> _cache = [];

    // One keyed HMAC context, reset after each value: the one-shot HMACSHA256.HashData set a context
    // up per call (with the key) and was most of the anonymise stage's cost. Its native context is
    // released by its finalizer: a pseudonymizer lives as long as its key, so it is not disposable.
    private IncrementalHash? _hmac;

    public Pseudonymizer(PseudonymKey key) => _key = key.Bytes;

    /// <summary>The domain of keyed transaction ids: their own, so a transaction id never equals another pseudonym.</summary>
    public const string TransactionDomain = "txn";

    /// <summary>A pseudonym such as "card_3f9a...": the prefix names the domain, 20 hex digits follow.</summary>
    public string Pseudonym(string domain, string value)
    {
        if (_cache.TryGetValue((domain, value), out string? cached))
        {
            return cached;
        }

        string pseudonym = Compute(domain, value);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[(domain, value)] = pseudonym;
        return pseudonym;
    }

    /// <summary>
    /// The keyed id of a source transaction id ("txn_..."): deterministic for one key, so
    /// deduplication, Plaid corrections (pending to posted, modified, removed) and idempotent
    /// writes match on it as on the source id; not cached (each id is seen about once).
    /// </summary>
    public string TransactionId(string sourceId) => Compute(TransactionDomain, sourceId);

    /// <summary>HMAC of the UTF-8 of "domain", U+001F, "value" (the input pseudonyms have always had), as "domain_" and 20 hex digits.</summary>
    private string Compute(string domain, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(domain.Length + 1 + value.Length);
        byte[]? heap = null;
        Span<byte> input = max <= 512 ? stackalloc byte[max] : (heap = new byte[max]);
        int length = Encoding.UTF8.GetBytes(domain, input);
        input[length++] = 0x1F;
        length += Encoding.UTF8.GetBytes(value, input[length..]);
        Span<byte> mac = stackalloc byte[32];
        _hmac ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        _hmac.AppendData(input[..length]);
        _hmac.GetHashAndReset(mac);
        if (heap is not null)
        {
            CryptographicOperations.ZeroMemory(heap);
        }

        Span<char> text = stackalloc char[domain.Length + 1 + (HexBytes * 2)];
        domain.CopyTo(text);
        text[domain.Length] = '_';
        Convert.TryToHexStringLower(mac[..HexBytes], text[(domain.Length + 1)..], out _);
        return new string(text);
    }
}
