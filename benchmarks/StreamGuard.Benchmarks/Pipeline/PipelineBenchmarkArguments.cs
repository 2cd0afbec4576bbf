using System.Globalization;
using StreamGuard.Core;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>`pipeline [--events N] [--rate N] [--shards N] [--work DIR] [--keep]`.</summary>
internal sealed record PipelineBenchmarkArguments(long Events, double? Rate, int? Shards, string WorkDirectory, bool Keep)
{
    public static PipelineBenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        long events = 1_000_000;
        double? rate = null;
        int? shards = null;
        string work = Path.Combine(Path.GetTempPath(), "sg-bench-pipeline");
        bool keep = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--events":
                    events = long.Parse(Value(args, ++i, "--events"), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--rate":
                    rate = double.Parse(Value(args, ++i, "--rate"), NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "--shards":
                    shards = int.Parse(Value(args, ++i, "--shards"), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--work":
                    work = Value(args, ++i, "--work");
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    throw new UserErrorException($"pipeline: unknown argument '{args[i]}' (use --events N, --rate N, --shards N, --work DIR, --keep).");
            }
        }

        if (events is < 1 or > 100_000_000)
        {
            throw new UserErrorException($"--events must be 1 to 100,000,000 (got {events}).");
        }

        if (rate is <= 0)
        {
            throw new UserErrorException($"--rate must be above 0 events per second (got {rate}).");
        }

        return new PipelineBenchmarkArguments(events, rate, shards, Path.GetFullPath(work), keep);
    }

    private static string Value(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count ? args[index] : throw new UserErrorException($"{name} needs a value.");
}
