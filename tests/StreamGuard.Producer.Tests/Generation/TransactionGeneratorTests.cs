using StreamGuard.Core.Ingestion;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Producer.Tests.Generation;

public sealed class TransactionGeneratorTests
{
    private static string Csv(int customers, int days, int seed)
    {
        var text = new StringWriter();
        using var writer = new SparkovCsvWriter(text);
        foreach (GeneratedTransaction t in new TransactionGenerator(new GeneratorOptions(customers, days, seed, new DateOnly(2024, 1, 1))).Generate())
        {
            writer.Write(t);
        }

        return text.ToString();
    }

    [Fact]
    public void Generate_SameSeed_SameFile_OtherSeed_OtherFile()
    {
        Assert.Equal(Csv(50, 10, 1), Csv(50, 10, 1));
        Assert.NotEqual(Csv(50, 10, 1), Csv(50, 10, 2));
    }

    [Fact]
    public void Generate_Output_IsReadableSparkovInEventTimeOrderWithLabelledFraud()
    {
        List<ReadOutcome> outcomes = new SparkovCsvReader("generated").Read(new StringReader(Csv(300, 60, 5))).ToList();

        Assert.All(outcomes, o => Assert.Null(o.DeadLetter));
        var events = outcomes.Select(o => o.Event!).ToList();
        Assert.Equal(events.OrderBy(e => e.EventTime).Select(e => e.TransactionId), events.Select(e => e.TransactionId));
        double fraudRate = events.Count(e => e.IsFraud == true) / (double)events.Count;
        Assert.InRange(fraudRate, 0.002, 0.03);
        Assert.Equal(events.Count, events.Select(e => e.TransactionId).Distinct().Count());
    }

    [Fact]
    public void Generate_Archetypes_SpendDifferently()
    {
        var generator = new TransactionGenerator(new GeneratorOptions(400, 30, 3, new DateOnly(2024, 1, 1)));
        var byArchetype = generator.Generate().Where(t => !t.IsFraud).GroupBy(t => t.Customer.Archetype.Name)
            .ToDictionary(g => g.Key, g => (Average: g.Average(t => (double)t.Amount), PerCustomer: g.Count() / (double)g.Select(t => t.Customer.Id).Distinct().Count(), Travel: g.Count(t => t.Category == "travel") / (double)g.Count()));

        Assert.True(byArchetype["high-spender"].Average > 2 * byArchetype["student"].Average);
        Assert.True(byArchetype["family"].PerCustomer > byArchetype["retiree"].PerCustomer);
        Assert.True(byArchetype["traveller"].Travel > 5 * byArchetype["budget-conscious"].Travel);
    }

    [Fact]
    public void Generate_DailyRhythm_FewPurchasesAtNightExceptFraud()
    {
        var transactions = new TransactionGenerator(new GeneratorOptions(300, 30, 9, new DateOnly(2024, 1, 1))).Generate().ToList();
        double Night(IEnumerable<GeneratedTransaction> ts) => ts.Count(t => t.Time.Hour is >= 1 and <= 4) / (double)ts.Count();

        Assert.True(Night(transactions.Where(t => !t.IsFraud)) < 0.03);
        Assert.True(Night(transactions.Where(t => t.IsFraud)) > 0.1);
    }
}
