namespace StreamGuard.Producer.Generation;

/// <summary>One made-up cardholder with an archetype, a home and a set of usual merchants.</summary>
internal sealed record SyntheticCustomer(
    int Id,
    CustomerArchetype Archetype,
    string CardNumber,
    string FirstName,
    string LastName,
    string Gender,
    string Street,
    (string City, string State, string Zip, double Lat, double Lon, int Population) Home,
    string Job,
    DateOnly DateOfBirth,
    double AmountScale,
    double Rate,
    IReadOnlyDictionary<string, string[]> UsualMerchants);
