using System.ComponentModel.DataAnnotations;

namespace StreamGuard.Runtime.Hosting;

public sealed partial class StreamGuardOptions : IValidatableObject
{
    /// <summary>
    /// The Privacy section (its own generated validator, see <see cref="Privacy"/>), and the Insight and Scoring sections, whose validators carry rules beside their annotations (between settings, or on
    /// the file system) that <c>[ValidateObjectMembers]</c> would not run; their messages name the setting from
    /// their own section ("Budgets:...", "Scoring:..."), so they get the rest of the path here.
    /// </summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext) =>
    [
        .. StreamGuard.Privacy.PrivacyOptionsValidator.Validate(Privacy).Select(e => new ValidationResult(e)),
        .. Insight.Validate().Select(e => new ValidationResult($"{Section}:Insight:{e}")),
        .. StreamGuard.Scoring.ScoringOptionsValidator.Validate(Scoring).Select(e => new ValidationResult($"{Section}:{e}")),
    ];
}
