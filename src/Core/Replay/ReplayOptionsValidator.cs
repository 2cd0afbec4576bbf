using Microsoft.Extensions.Options;

namespace StreamGuard.Core.Replay;

/// <summary>Checks <see cref="ReplayOptions"/>: its DataAnnotations (source-generated, no reflection), then its rule.</summary>
[OptionsValidator]
public sealed partial class ReplayOptionsValidator : IValidateOptions<ReplayOptions>;
