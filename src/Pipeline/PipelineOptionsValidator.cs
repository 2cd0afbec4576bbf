using Microsoft.Extensions.Options;

namespace StreamGuard.Pipeline;

/// <summary>Checks <see cref="PipelineOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class PipelineOptionsValidator : IValidateOptions<PipelineOptions>;
