using Microsoft.Extensions.Options;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Reports every bad dashboard setting at once, naming it.</summary>
public sealed class LiveViewOptionsValidator : IValidateOptions<LiveViewOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveViewOptions options)
    {
        var errors = new List<string>();
        if (options.Speed is <= 0 or > 10_000_000)
        {
            errors.Add($"LiveView:Speed must be above 0 and at most 10,000,000 (got {options.Speed}).");
        }

        if (options.PushInterval < TimeSpan.FromMilliseconds(50) || options.PushInterval > TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"LiveView:PushInterval must be 50 to 500 ms, so the page updates at least twice a second (got {options.PushInterval}).");
        }

        if (options.RecentCount is < 1 or > 500)
        {
            errors.Add($"LiveView:RecentCount must be 1 to 500 (got {options.RecentCount}).");
        }

        if (options.AccessToken is { Length: > 0 and < 16 })
        {
            errors.Add("LiveView:AccessToken must be at least 16 characters (use a random one, e.g. openssl rand -hex 16).");
        }

        // aws mode tails the workers' live stream and replays nothing: no sample file needed.
        bool replaysSample = string.IsNullOrEmpty(options.AwsLiveStream);
        if (replaysSample && options.SampleFile is { } file && !File.Exists(file))
        {
            errors.Add($"LiveView:SampleFile '{file}' does not exist.");
        }
        else if (replaysSample && options.SampleFile is null && LiveViewPaths.FindUpwards(Path.Combine("data", "sample.csv")) is null)
        {
            errors.Add("LiveView:SampleFile is not set and no data/sample.csv was found above the working folder.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
