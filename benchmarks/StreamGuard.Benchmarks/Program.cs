using BenchmarkDotNet.Running;
using StreamGuard.Benchmarks;

// "quality [files...]" prints prequential metrics, "memory" prints bytes per card, "model" times retraining and model scoring; anything else runs BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "quality" => ScorerQualityReport.Run(args[1..]),
    "memory" => CardMemoryReport.Run(),
    "model" => ModelSpeedReport.Run(),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ScorerBenchmark).Assembly).Run(args);
    return 0;
}
