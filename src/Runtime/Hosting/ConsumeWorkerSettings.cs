namespace StreamGuard.Runtime.Hosting;

/// <summary>How often the `consume` worker logs its progress.</summary>
public sealed record ConsumeWorkerSettings(TimeSpan StatusInterval)
{
    public static ConsumeWorkerSettings Default { get; } = new(TimeSpan.FromSeconds(10));
}
