namespace StreamGuard.Plaid;

/// <summary>A webhook verification key as Plaid serves it: a P-256 public key in JWK form, with its life span.</summary>
public sealed record PlaidJsonWebKey
{
    public string? Alg { get; init; }

    public string? Crv { get; init; }

    public string? Kid { get; init; }

    public string? Kty { get; init; }

    public string? Use { get; init; }

    /// <summary>The curve point's x coordinate, base64url, big endian.</summary>
    public string? X { get; init; }

    /// <summary>The curve point's y coordinate, base64url, big endian.</summary>
    public string? Y { get; init; }

    /// <summary>Unix seconds.</summary>
    public long? CreatedAt { get; init; }

    /// <summary>Unix seconds once Plaid retired the key; null while it is in use.</summary>
    public long? ExpiredAt { get; init; }
}
