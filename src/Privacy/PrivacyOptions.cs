using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Privacy;

/// <summary>How identifying data is turned into pseudonyms and generalised attributes.</summary>
/// <remarks>Checked by <see cref="PrivacyOptionsValidator"/>: annotations, the zip list's format, and the nested <see cref="Differential"/> section.</remarks>
public sealed class PrivacyOptions : IValidatableObject
{
    /// <summary>The configuration path every message names.</summary>
    public const string Section = "StreamGuard:Privacy";

    /// <summary>Base64 HMAC key (at least 32 bytes), from the environment (STREAMGUARD_PSEUDONYM_KEY), never from a settings file. Empty in embedded mode: one is created in the key folder.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Base64 key (at least 32 bytes) sealing dead letters, from the environment (STREAMGUARD_SEALING_KEY), never from a settings file. Empty in embedded mode: one is created in the key folder.</summary>
    public string? SealingKey { get; set; }

    /// <summary>Where embedded mode keeps its key files; default "&lt;data folder&gt;.keys" beside the data folder (never inside it).</summary>
    public string? KeyDirectory { get; set; }

    /// <summary>
    /// Base64 keys the current one replaced, during a key rotation: their pseudonyms can be linked to
    /// the current ones (see docs/privacy.md). Like the key, give them through the environment.
    /// </summary>
    public List<string> PreviousPseudonymKeys { get; set; } = [];

    /// <summary>Keep merchant coordinates in the output (off: only the distance from home is kept).</summary>
    public bool KeepMerchantLocation { get; set; }

    /// <summary>Size of the home grid cell in degrees (1 degree is about 111 km).</summary>
    [SettingRange(0d, 10d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:HomeCellDegrees must be above 0 and at most 10 (got {3}).")]
    public double HomeCellDegrees { get; set; } = 1.0;

    /// <summary>
    /// Comma-separated 3-digit zip prefixes released as "000" because too few people live there; default the
    /// HIPAA Safe Harbor list (areas of 20,000 people or fewer). Empty: every prefix is released.
    /// </summary>
    public string RestrictedZip3 { get; set; } = Privacy.RestrictedZip3.HipaaSafeHarbor;

    /// <summary>
    /// k of the k-anonymity enforced on rows released beyond the operator's own store (the console's live frames):
    /// a row whose class of (age band, state, zip3, home cell) holds fewer people is generalised or suppressed
    /// (<see cref="KAnonymityGate"/>). 1 turns the enforcement off.
    /// </summary>
    [SettingRange(1, 1_000, ErrorMessage = "StreamGuard:Privacy:ReleaseMinClassSize must be 1 to 1000 (got {3}).")]
    public int ReleaseMinClassSize { get; set; } = KAnonymityCheck.DefaultK;

    /// <summary>Differential privacy for aggregates published beyond a customer's own view.</summary>
    [ValidateObjectMembers]
    public DifferentialPrivacyOptions Differential { get; set; } = new();

    /// <summary>The zip list must parse; the parser's message says which entry is wrong.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            Privacy.RestrictedZip3.Parse(RestrictedZip3);
        }
        catch (FormatException e)
        {
            error = $"{Section}:RestrictedZip3: {e.Message}";
        }

        return error is null ? [] : [new ValidationResult(error)];
    }
}
