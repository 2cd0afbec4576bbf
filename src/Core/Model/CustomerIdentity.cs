namespace StreamGuard.Core.Model;

/// <summary>Raw personal data of a cardholder. Never stored or published as it is.</summary>
public sealed record CustomerIdentity
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Gender { get; init; }
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public GeoPoint? Home { get; init; }
    public int? CityPopulation { get; init; }
    public string? Job { get; init; }
    public DateOnly? DateOfBirth { get; init; }
}
