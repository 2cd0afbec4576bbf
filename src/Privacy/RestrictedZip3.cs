using System.Collections.Frozen;

namespace StreamGuard.Privacy;

/// <summary>
/// The 3-digit zip prefixes too sparsely populated to publish: a home in one of them is released as "000".
/// </summary>
public sealed class RestrictedZip3
{
    /// <summary>
    /// The HIPAA Safe Harbor list (45 CFR 164.514(b)(2)(i)(B)): 3-digit zip areas of 20,000 people or fewer,
    /// from the 2000 Census, as published by HHS in "Guidance Regarding Methods for De-identification of
    /// Protected Health Information in Accordance with the HIPAA Privacy Rule" (2012), section 3.4:
    /// https://www.hhs.gov/hipaa/for-professionals/privacy/special-topics/de-identification/index.html
    /// </summary>
    public const string HipaaSafeHarbor = "036,059,063,102,203,556,692,790,821,823,830,831,878,879,884,890,893";

    /// <summary>What a restricted prefix becomes, as Safe Harbor prescribes.</summary>
    public const string Suppressed = "000";

    private readonly FrozenSet<string> _restricted;

    private RestrictedZip3(FrozenSet<string> restricted) => _restricted = restricted;

    /// <summary>The prefixes in force.</summary>
    public IReadOnlyCollection<string> Prefixes => _restricted;

    /// <summary>Parses a comma-separated list of 3-digit prefixes (empty: none restricted).</summary>
    /// <exception cref="FormatException">An entry is not exactly three digits.</exception>
    public static RestrictedZip3 Parse(string? list)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string entry in (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Length != 3 || entry.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
            {
                throw new FormatException($"'{entry}' is not a 3-digit zip prefix.");
            }

            prefixes.Add(entry);
        }

        return new RestrictedZip3(prefixes.ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>The prefix to publish: "000" for a restricted one, the prefix itself otherwise.</summary>
    public string? Publish(string? zip3) => zip3 is not null && _restricted.Contains(zip3) ? Suppressed : zip3;
}
