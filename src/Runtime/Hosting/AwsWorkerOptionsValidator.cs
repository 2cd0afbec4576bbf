using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// Checks every aws-mode setting at start and reports all problems at once, each naming its setting: the
/// DataAnnotations of <see cref="AwsWorkerOptions"/> and its members (source-generated, no reflection), then the
/// rules between settings (<see cref="AwsWorkerOptions.Validate"/>).
/// </summary>
[OptionsValidator]
public sealed partial class AwsWorkerOptionsValidator : IValidateOptions<AwsWorkerOptions>;
