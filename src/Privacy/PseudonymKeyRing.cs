namespace StreamGuard.Privacy;

/// <summary>
/// The current pseudonym key and the keys it replaced (Privacy:PreviousPseudonymKeys). During a
/// rotation the processor still sees raw identifiers, so it can link a customer's old pseudonym
/// to the new one in memory, without ever storing the identifier.
/// </summary>
public sealed class PseudonymKeyRing
{
    private readonly Pseudonymizer _current;
    private readonly List<(PseudonymKey Key, Pseudonymizer Pseudonymizer)> _previous;

    public PseudonymKeyRing(PseudonymKey current, IEnumerable<PseudonymKey> previous)
    {
        Current = current;
        _current = new Pseudonymizer(current);
        _previous = previous.Where(k => k.Id != current.Id).Select(k => (k, new Pseudonymizer(k))).ToList();
    }

    public PseudonymKey Current { get; }

    public IReadOnlyList<PseudonymKey> Previous => _previous.ConvertAll(p => p.Key);

    /// <summary>Pseudonymizers of the previous keys, newest first, for linking old pseudonyms to current ones.</summary>
    public IReadOnlyList<Pseudonymizer> PreviousPseudonymizers => _previous.ConvertAll(p => p.Pseudonymizer);

    /// <summary>The configured previous keys; each must be valid like the current one.</summary>
    public static PseudonymKeyRing Resolve(PseudonymKey current, PrivacyOptions options) =>
        new(current, options.PreviousPseudonymKeys.Select((k, i) => PseudonymKey.FromBase64(k, $"PreviousPseudonymKeys:{i}")));

    /// <summary>True when pseudonyms made under this key id can still be linked to the current ones.</summary>
    public bool Knows(string keyId) => keyId == Current.Id || _previous.Exists(p => p.Key.Id == keyId);

    /// <summary>For one identifier: each previous key's pseudonym and the current one, to re-key history made under the old key.</summary>
    public IReadOnlyList<(string KeyId, string OldPseudonym, string NewPseudonym)> Links(string domain, string value)
    {
        string now = _current.Pseudonym(domain, value);
        return _previous.ConvertAll(p => (p.Key.Id, p.Pseudonymizer.Pseudonym(domain, value), now));
    }
}
