using Microsoft.Extensions.Options;

namespace StreamGuard.Plaid;

/// <summary>The DataAnnotations of <see cref="PlaidOptions"/>, checked by the options source generator (no reflection).</summary>
[OptionsValidator]
internal sealed partial class PlaidOptionsAnnotationsValidator : IValidateOptions<PlaidOptions>;
