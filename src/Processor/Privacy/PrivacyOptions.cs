namespace StreamGuard.Processor.Privacy;

/// <summary>How identifying data is turned into pseudonyms and generalised attributes.</summary>
public sealed class PrivacyOptions
{
    /// <summary>Base64 HMAC key (at least 32 bytes). Empty in embedded mode: one is created per data folder.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Keep merchant coordinates in the output (off: only the distance from home is kept).</summary>
    public bool KeepMerchantLocation { get; set; }

    /// <summary>Size of the home grid cell in degrees (1 degree is about 111 km).</summary>
    public double HomeCellDegrees { get; set; } = 1.0;
}
