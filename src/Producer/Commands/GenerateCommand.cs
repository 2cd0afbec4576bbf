using System.CommandLine;
using System.Globalization;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Producer.Commands;

/// <summary>`generate`: labelled synthetic transactions in the Kaggle/Sparkov CSV format.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Number of cardholders.", DefaultValueFactory = _ => 1000 };
        var days = new Option<int>("--days") { Description = "Days of activity.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same file.", DefaultValueFactory = _ => 42 };
        var start = new Option<string>("--start") { Description = "First day (yyyy-MM-dd).", DefaultValueFactory = _ => "2024-01-01" };
        var fraudRate = new Option<double>("--episode-rate") { Description = "Chance a card suffers a fraud episode in 30 days.", DefaultValueFactory = _ => 0.08 };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write.", Required = true };
        var command = new Command("generate", "Generate labelled synthetic transactions (Sparkov CSV) with customer archetypes and fraud episodes.")
        {
            customers, days, seed, start, fraudRate, output,
        };
        command.SetAction(CommandLineApp.Guard((parse, _) =>
        {
            var errors = new List<string>();
            int n = parse.GetValue(customers), d = parse.GetValue(days);
            double rate = parse.GetValue(fraudRate);
            if (n is < 1 or > 10_000_000)
            {
                errors.Add($"--customers must be 1 to 10,000,000 (got {n}).");
            }

            if (d is < 1 or > 3_650)
            {
                errors.Add($"--days must be 1 to 3650 (got {d}).");
            }

            if (rate is < 0 or > 1)
            {
                errors.Add($"--episode-rate must be between 0 and 1 (got {rate}).");
            }

            if (!DateOnly.TryParseExact(parse.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly first))
            {
                errors.Add($"--start must be a date as yyyy-MM-dd (got '{parse.GetValue(start)}').");
            }

            if (errors.Count > 0)
            {
                throw new UserErrorException(string.Join(" ", errors));
            }

            var file = new FileInfo(CliPaths.WritableFile(parse.GetValue(output)!.FullName, "--out"));
            var generator = new TransactionGenerator(new GeneratorOptions(n, d, parse.GetValue(seed), first) { EpisodeProbabilityPer30Days = rate });
            using var writer = new SparkovCsvWriter(new StreamWriter(file.FullName, false, new System.Text.UTF8Encoding(false), 1 << 16));
            foreach (GeneratedTransaction t in generator.Generate())
            {
                writer.Write(t);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {writer.Rows:N0} transactions ({writer.Frauds:N0} fraud, {100.0 * writer.Frauds / Math.Max(1, writer.Rows):0.00}%) for {n:N0} customers over {d} days, {generator.Episodes.Count} fraud episodes, to {file.FullName}"));
            return Task.FromResult(0);
        }));
        return command;
    }
}
