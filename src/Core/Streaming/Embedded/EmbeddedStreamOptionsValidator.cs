using Microsoft.Extensions.Options;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>Checks <see cref="EmbeddedStreamOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class EmbeddedStreamOptionsValidator : IValidateOptions<EmbeddedStreamOptions>;
