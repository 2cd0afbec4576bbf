using BenchmarkDotNet.Running;
using StreamGuard.Benchmarks;
using StreamGuard.Benchmarks.Pipeline;

// "quality [files...]" prints prequential metrics, "memory" prints bytes per card, "model" times retraining and model scoring,
// "pipeline [--events N] [--rate N]" measures the whole run against the decode-only floor, "stages [--events N]" each stage alone;
// anything else runs BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "pipeline" => await PipelineBenchmark.RunAsync(args[1..]),
    "stages" => StageCostReport.Run(args[1..]),
    "pipeline-run" => await PipelineRunChild.RunAsync(args[1..]),
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
