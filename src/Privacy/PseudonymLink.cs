namespace StreamGuard.Privacy;

/// <summary>
/// During a key rotation: the pseudonym an identifier had under a previous key and the one it has
/// now (<see cref="Domain"/> "card" or "cust"). State and stored rows under <see cref="Old"/> move to
/// <see cref="New"/>, so the customer's history continues. Pseudonyms only, never the identifier.
/// </summary>
public sealed record PseudonymLink(string Domain, string Old, string New)
{
    public const string Card = "card";
    public const string Customer = "cust";

    private static readonly Dictionary<string, string> s_none = [];

    /// <summary>The links of one domain as old → new, for stages that re-key in one pass (shared and empty outside a rotation).</summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<PseudonymLink> links, string domain)
    {
        if (links.Count == 0)
        {
            return s_none;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (PseudonymLink link in links)
        {
            if (link.Domain == domain)
            {
                map[link.Old] = link.New;
            }
        }

        return map;
    }
}
