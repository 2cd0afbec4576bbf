using StreamGuard.Producer.Generation;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>The benchmark's input: the Producer's generator (the same code as `generate`), cut at the asked number of rows.</summary>
internal static class BenchmarkInput
{
    /// <summary>Generated rows per customer per day, about (150 customers over 30 days give 9,627).</summary>
    private const double RowsPerCustomerDay = 2.1;
    private const int Days = 30;
    private const int Seed = 2026;

    /// <summary>Customers the input of <paramref name="events"/> rows is generated for (each with one card).</summary>
    // A margin of customers so the cut falls inside the last day, not past the end.
    public static int Customers(long events) => (int)Math.Max(10, Math.Ceiling(events / (RowsPerCustomerDay * Days) * 1.25));

    /// <summary>Writes the file once per size (the same seed gives the same bytes) and returns its path.</summary>
    public static string Ensure(string directory, long events)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"generated-{events}-seed{Seed}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        int customers = Customers(events);
        var generator = new TransactionGenerator(new GeneratorOptions(customers, Days, Seed, new DateOnly(2024, 1, 1)));
        string partial = path + ".partial";
        using (var writer = new SparkovCsvWriter(new StreamWriter(partial, false, new System.Text.UTF8Encoding(false), 1 << 16)))
        {
            foreach (GeneratedTransaction t in generator.Generate())
            {
                if (writer.Rows >= events)
                {
                    break;
                }

                writer.Write(t);
            }

            if (writer.Rows < events)
            {
                throw new InvalidOperationException($"The generator gave {writer.Rows:N0} rows for {customers:N0} customers, fewer than {events:N0}.");
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
