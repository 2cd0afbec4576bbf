namespace StreamGuard.Core.Model;

/// <summary>Raw personal data of a cardholder. Never stored or published as it is.</summary>
public sealed record CustomerIdentity
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Gender { get; set; }
    public string? Street { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public GeoPoint? Home { get; set; }
    public int? CityPopulation { get; set; }
    public string? Job { get; set; }
    public DateOnly? DateOfBirth { get; set; }

    /// <summary>
    /// The source's id of the person when the source has no identity fields (Plaid: the Item, which holds all the
    /// accounts one user linked at one institution), so that one person's accounts make one customer.
    /// </summary>
    public string? PersonId { get; set; }
}
