using Microsoft.Extensions.Options;

namespace StreamGuard.Pipeline.State;

/// <summary>Checks <see cref="StateCheckpointOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class StateCheckpointOptionsValidator : IValidateOptions<StateCheckpointOptions>;
