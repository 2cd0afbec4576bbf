using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Hosting;

/// <summary>The annotations of <see cref="StreamGuardOptions"/> and its nested sections, checked by the options source generator (no reflection).</summary>
[OptionsValidator]
internal sealed partial class StreamGuardOptionsAnnotationsValidator : IValidateOptions<StreamGuardOptions>;
