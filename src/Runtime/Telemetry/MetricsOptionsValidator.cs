using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Telemetry;

/// <summary>Checks <see cref="MetricsOptions"/> from its DataAnnotations (source-generated, no reflection).</summary>
[OptionsValidator]
public sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
