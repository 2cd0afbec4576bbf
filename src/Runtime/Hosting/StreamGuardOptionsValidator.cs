using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// Checks every setting at start and reports all problems at once, each naming its setting in full: the generated
/// <see cref="StreamGuardOptionsAnnotationsValidator"/> walks every section (annotations, nested sections, the rules
/// of <see cref="StreamGuardOptions"/>); this drops the generator's member prefix ("Privacy.Differential.Epsilon: ")
/// since each message already names its setting ("StreamGuard:Privacy:Differential:Epsilon must ...").
/// </summary>
public sealed class StreamGuardOptionsValidator : IValidateOptions<StreamGuardOptions>
{
    private static readonly StreamGuardOptionsAnnotationsValidator s_generated = new();

    public ValidateOptionsResult Validate(string? name, StreamGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsChecks.Result(OptionsChecks.Failures(s_generated.Validate(name, options), StreamGuardOptions.Section));
    }
}
