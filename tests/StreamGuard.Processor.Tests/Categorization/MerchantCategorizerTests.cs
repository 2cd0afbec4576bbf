using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Categorization;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;
using Xunit.Abstractions;

namespace StreamGuard.Processor.Tests.Categorization;

public sealed class MerchantCategorizerTests(ITestOutputHelper output)
{
    private static MerchantCategorizer Trained(int examples, int seed = 1)
    {
        var model = new MerchantCategorizer(new MerchantCategorizerOptions());
        var generator = new MerchantTextGenerator(seed);
        for (int i = 0; i < examples; i++)
        {
            (string text, string category) = generator.Next();
            model.Learn(text, category);
        }

        return model;
    }

    private static (double Accuracy, double ConfidentShare, double ConfidentAccuracy) Evaluate(MerchantCategorizer model, MerchantTextGenerator generator, int count, int brandPart, double brandShare)
    {
        int correct = 0, confident = 0, confidentCorrect = 0;
        for (int i = 0; i < count; i++)
        {
            (string text, string category) = generator.Next(brandPart, brandShare);
            CategoryPrediction p = model.Predict(text);
            bool ok = p.Category == category;
            correct += ok ? 1 : 0;
            if (p.Confidence >= 0.5)
            {
                confident++;
                confidentCorrect += ok ? 1 : 0;
            }
        }

        return ((double)correct / count, (double)confident / count, confident == 0 ? 0 : (double)confidentCorrect / confident);
    }

    [Theory]
    [InlineData("SQ *BLUE BOTTLE #0421 SAN FRANCISCO CA", "BLUE BOTTLE SAN FRANCISCO CA")]
    [InlineData("UBER *TRIP 8X3", "UBER TRIP")]
    [InlineData("TST* Joe's Pizza 1234", "JOES PIZZA")]
    [InlineData("POS DEBIT SHELL OIL 57442", "SHELL OIL")]
    [InlineData("fraud_Kirlin and Sons", "KIRLIN SONS")]
    [InlineData("", "")]
    [InlineData("#### 1234", "")]
    public void Normalize_RawBankText_KeepsMerchantWords(string raw, string expected) =>
        Assert.Equal(expected, MerchantTextNormalizer.Normalize(raw));

    [Fact]
    public void Predict_HeldBackGeneratedText_AccurateAndConfidenceMeaningful()
    {
        MerchantCategorizer model = Trained(20_000);

        (double accuracy, double confidentShare, double confidentAccuracy) = Evaluate(model, new MerchantTextGenerator(2), 5_000, brandPart: 0, brandShare: 0.5);
        (double unseenBrands, double unseenConfidentShare, double unseenConfidentAccuracy) = Evaluate(model, new MerchantTextGenerator(3), 2_000, brandPart: 1, brandShare: 1.0);
        (double madeUpNames, _, _) = Evaluate(model, new MerchantTextGenerator(4), 2_000, brandPart: 0, brandShare: 0.0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"held-back accuracy {accuracy:P1} ({MerchantTextGenerator.CategoryCount} categories); confidence>=0.5 on {confidentShare:P1} with accuracy {confidentAccuracy:P1}; unseen names with category words {madeUpNames:P1}; unseen brands (no category words) {unseenBrands:P1}, of which confidence>=0.5 on {unseenConfidentShare:P1} with accuracy {unseenConfidentAccuracy:P1}"));

        Assert.True(accuracy >= 0.90, $"accuracy {accuracy:P1}");
        Assert.True(madeUpNames >= 0.85, $"made-up names {madeUpNames:P1}");
        Assert.True(confidentAccuracy > accuracy, "confident predictions should be more accurate than all predictions");
    }

    [Fact]
    public void Predict_Untrained_ReturnsNoCategory() =>
        Assert.Null(new MerchantCategorizer(new MerchantCategorizerOptions()).Predict("STARBUCKS").Category);

    [Fact]
    public void SaveLoad_RoundTrip_SamePredictions()
    {
        MerchantCategorizer model = Trained(2_000);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = new MerchantCategorizer(new MerchantCategorizerOptions());

        loaded.Load(stream);

        Assert.Equal(model.Predict("SQ *KAVO PIZZA 123"), loaded.Predict("SQ *KAVO PIZZA 123"));
    }

    [Fact]
    public void Process_UncategorizedRawText_ClassifiedWithConfidence_LabelledOnesTeach()
    {
        var stage = new MerchantCategoryStage(new MerchantCategorizerOptions { MinTrainingExamples = 100 });
        var generator = new MerchantTextGenerator(7);
        var labelled = new List<EnrichedTransaction>();
        for (int i = 0; i < 3_000; i++)
        {
            (string text, string category) = generator.Next();
            labelled.Add(Tx.Make("l" + i, Tx.Utc("2026-05-04T10:00:00Z"), 5m, merchant: text, category: BudgetCategory.Uncategorized) with { SourceCategory = category, Source = TransactionSource.Plaid });
        }

        stage.Process(Tx.Batch("s", 1, [.. labelled]));
        EnrichedTransaction raw = Tx.Make("u1", Tx.Utc("2026-05-04T11:00:00Z"), 18m, merchant: "UBER *TRIP 8X3", category: BudgetCategory.Uncategorized);
        EnrichedTransaction gibberish = Tx.Make("u2", Tx.Utc("2026-05-04T11:00:00Z"), 18m, merchant: "#### 0000", category: BudgetCategory.Uncategorized);
        RecordBatch batch = Tx.Batch("s", 5_000, raw, gibberish);

        stage.Process(batch);

        Assert.Equal(BudgetCategory.Transportation, raw.Category);
        Assert.InRange(raw.CategoryConfidence, 0.5, 1.0);
        Assert.Equal(BudgetCategory.Uncategorized, gibberish.Category);
        Assert.Equal(0, gibberish.CategoryConfidence);
        Assert.Equal(3_000, stage.Counters.Learned);
        Assert.All(labelled, t => Assert.Equal(1.0, t.CategoryConfidence));
    }

    [Fact]
    public void Validate_BadSettings_NamesEachOne()
    {
        IReadOnlyList<string> errors = MerchantCategorizerOptionsValidator.Validate(new MerchantCategorizerOptions { FeatureBits = 40, MinConfidence = 2, MinNGram = 4, MaxNGram = 2 });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Categorization:FeatureBits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Categorization:MinConfidence", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Categorization:MinNGram", StringComparison.Ordinal));
    }
}
