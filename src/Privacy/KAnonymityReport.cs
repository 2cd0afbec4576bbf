namespace StreamGuard.Privacy;

/// <summary>
/// How well the published quasi-identifiers hide a person: people sharing one combination of them form an
/// equivalence class; a class of fewer than <see cref="K"/> people singles them out.
/// </summary>
/// <param name="K">The class size aimed at.</param>
/// <param name="QuasiIdentifiers">The published fields the classes are formed on.</param>
/// <param name="Customers">Distinct customers seen.</param>
/// <param name="Rows">Transactions seen.</param>
/// <param name="Classes">Distinct combinations of the quasi-identifiers.</param>
/// <param name="SmallestClass">People in the smallest class (0 with no row): the data set is k-anonymous for this k.</param>
/// <param name="ClassesBelowK">Classes of fewer than K people.</param>
/// <param name="CustomersBelowK">Customers in at least one class of fewer than K people.</param>
/// <param name="RowsBelowK">Transactions whose quasi-identifiers fall in a class of fewer than K people.</param>
public sealed record KAnonymityReport(
    int K,
    IReadOnlyList<string> QuasiIdentifiers,
    long Customers,
    long Rows,
    long Classes,
    long SmallestClass,
    long ClassesBelowK,
    long CustomersBelowK,
    long RowsBelowK)
{
    /// <summary>One line for the terminal tables of run and inspect.</summary>
    public string Describe() => Rows == 0
        ? "no stored transaction"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"smallest class {SmallestClass} people on ({string.Join(", ", QuasiIdentifiers)}); {ClassesBelowK:N0} of {Classes:N0} classes under k={K}, holding {CustomersBelowK:N0} of {Customers:N0} customers and {RowsBelowK:N0} of {Rows:N0} transactions");
}
