using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Each card's last customer details: a Sparkov file repeats them on every row of the card, so a row
/// whose details equal the card's last ones takes the same identity instead of eight pool look-ups
/// and a new object. Nothing changes an identity once read, so rows may share one. Bounded (cleared
/// when full, like the pool) and owned by one reader, so not thread-safe.
/// </summary>
internal sealed class CustomerIdentityCache
{
    private const int MaxEntries = 200_000;
    private readonly Dictionary<string, CustomerIdentity> _byCard = new(StringComparer.Ordinal);

    public CustomerIdentity? LastOf(string card) => _byCard.GetValueOrDefault(card);

    public void Remember(string card, CustomerIdentity identity)
    {
        if (_byCard.Count >= MaxEntries && !_byCard.ContainsKey(card))
        {
            _byCard.Clear();
        }

        _byCard[card] = identity;
    }
}
