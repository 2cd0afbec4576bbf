namespace StreamGuard.Aws.Tests.Benchmarks;

/// <summary>A fact that runs only when STREAMGUARD_BENCHMARKS=1: benchmarks print figures and never gate the suite.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("STREAMGUARD_BENCHMARKS") != "1")
        {
            Skip = "Benchmark: set STREAMGUARD_BENCHMARKS=1 to run.";
        }
    }
}
