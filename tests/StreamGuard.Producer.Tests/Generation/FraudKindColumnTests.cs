using StreamGuard.Producer.Generation;

namespace StreamGuard.Producer.Tests.Generation;

public sealed class FraudKindColumnTests
{
    [Fact]
    public void Write_GeneratedRows_FraudRowsNameTheirKindAndLegitimateRowsLeaveItEmpty()
    {
        var generator = new TransactionGenerator(new GeneratorOptions(200, 30, 9, new DateOnly(2024, 1, 1)) { EpisodeProbabilityPer30Days = 0.5 });
        var text = new StringWriter();
        using (var writer = new SparkovCsvWriter(text))
        {
            foreach (GeneratedTransaction t in generator.Generate())
            {
                writer.Write(t);
            }
        }

        string[] lines = text.ToString().TrimEnd().Split('\n');
        string[] header = lines[0].TrimEnd('\r').Split(',');
        int isFraud = Array.IndexOf(header, "is_fraud");
        int kind = Array.IndexOf(header, "fraud_kind");
        Assert.Equal(header.Length - 1, kind);
        // Quoted fields may hold commas: the last two fields are read from the end of the line.
        var rows = lines.Skip(1).Select(l => l.TrimEnd('\r').Split(',')).Select(f => (Fraud: f[^2] == "1", Kind: f[^1])).ToList();
        Assert.All(rows.Where(r => !r.Fraud), r => Assert.Equal("", r.Kind));
        Assert.All(rows.Where(r => r.Fraud), r => Assert.Contains(r.Kind, new[] { "night_spree", "card_testing", "skimmed_far_away", "big_ticket" }));
        Assert.Equal(4, rows.Where(r => r.Fraud).Select(r => r.Kind).Distinct().Count());
        Assert.True(isFraud == kind - 1);
    }
}
