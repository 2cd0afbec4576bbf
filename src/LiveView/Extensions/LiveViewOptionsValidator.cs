using Microsoft.Extensions.Options;

namespace StreamGuard.LiveView.Extensions;

/// <summary>
/// Reports every bad dashboard setting at once, naming it: the DataAnnotations of <see cref="LiveViewOptions"/>
/// (source-generated, no reflection), then its rules (<see cref="LiveViewOptions.Validate"/>).
/// </summary>
[OptionsValidator]
public sealed partial class LiveViewOptionsValidator : IValidateOptions<LiveViewOptions>;
