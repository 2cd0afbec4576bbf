using System.Diagnostics;
using System.Globalization;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Processor.Categorization;
using StreamGuard.Processor.Insight;
using StreamGuard.Processor.Pipeline;

// Per-event cost of each insight stage on a synthetic stream, and the merchant model's accuracy on
// Sparkov data (train on the 2019-2020 sample, test on the test-period head).
const int Events = 400_000;
const int BatchSize = 500;
string dataDir = args.Length > 0 ? args[0] : "/work/shared/data/sparkov";

string[] categories = [.. BudgetCategory.Primaries.Where(BudgetCategory.IsSpending)];
string[] merchants = [.. Enumerable.Range(0, 5_000).Select(i => $"SQ *MERCHANT {i % 977} #{i}")];
var random = new Random(3);
DateTimeOffset start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
var items = new List<PipelineItem>(Events);
for (int i = 0; i < Events; i++)
{
    int customer = random.Next(20_000);
    var tx = new EnrichedTransaction
    {
        TransactionId = "t" + i.ToString(CultureInfo.InvariantCulture),
        EventTime = start.AddSeconds(i * 0.5 + random.NextDouble() * 30),
        Amount = Math.Round((decimal)(random.NextDouble() * 200), 2),
        Merchant = merchants[random.Next(merchants.Length)],
        CustomerId = "cust" + customer.ToString(CultureInfo.InvariantCulture),
        CardId = "card" + customer.ToString(CultureInfo.InvariantCulture),
        Category = categories[random.Next(categories.Length)],
    };
    items.Add(new PipelineItem(new StreamRecord((i + 1).ToString(CultureInfo.InvariantCulture), tx.CardId, ReadOnlyMemory<byte>.Empty, tx.EventTime)) { Output = tx });
}

List<RecordBatch> Batches() => [.. items.Chunk(BatchSize).Select(chunk => new RecordBatch("shard-0", chunk))];

void Measure(string name, Func<IPipelineStage> create)
{
    // One untimed pass to warm up the JIT, then a timed pass on a fresh stage.
    IPipelineStage warm = create();
    foreach (RecordBatch b in Batches().Take(200))
    {
        warm.Process(b);
    }

    IPipelineStage stage = create();
    List<RecordBatch> batches = Batches();
    GC.Collect();
    long allocated = GC.GetAllocatedBytesForCurrentThread();
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    foreach (RecordBatch b in batches)
    {
        stage.Process(b);
    }

    watch.Stop();
    double cpuNs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / Events;
    long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-36} wall {watch.Elapsed.TotalNanoseconds / Events,6:0} ns/event, cpu {cpuNs,6:0} ns/event, {bytes / (double)Events,5:0} B/event"));
}

using var insight = new InsightStages(new InsightOptions());
Console.WriteLine($"{Events:N0} synthetic events, {BatchSize} per batch, 20,000 customers; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Measure("categorize (labelled: map + learn)", () => new MerchantCategoryStage(new MerchantCategorizerOptions()));
Measure("windows (default: 5 windows per event)", () => new InsightStages(new InsightOptions()).Windows);
Measure("windows (category minute only)", () => new StreamGuard.Processor.Windows.WindowStage(new StreamGuard.Processor.Windows.WindowOptions { CustomerWindows = [], CategoryWindows = [StreamGuard.Processor.Windows.WindowSize.Minute] }));
Measure("windows (customer day only)", () => new StreamGuard.Processor.Windows.WindowStage(new StreamGuard.Processor.Windows.WindowOptions { CustomerWindows = [StreamGuard.Processor.Windows.WindowSize.Day], CategoryWindows = [] }));
Measure("budgets", () => new InsightStages(new InsightOptions()).Budgets);
Measure("duplicates", () => new InsightStages(new InsightOptions()).Duplicates);
Measure("segments", () => new InsightStages(new InsightOptions()).Segments);
Measure("all four after scoring (composite)", () => new InsightStages(new InsightOptions()).AfterScoring());

// Unlabelled text: the predict path.
var model = new MerchantCategorizer(new MerchantCategorizerOptions());
foreach (PipelineItem item in items.Take(50_000))
{
    model.Learn(item.Output!.Merchant, item.Output.Category);
}

var predictWatch = Stopwatch.StartNew();
int predictions = 0;
foreach (PipelineItem item in items.Take(100_000))
{
    predictions += model.Predict(item.Output!.Merchant).Category is null ? 0 : 1;
}

predictWatch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"merchant model predict (unlabelled)",-34} {predictWatch.Elapsed.TotalNanoseconds / 100_000,8:0} ns/event ({model.Categories.Count} categories)"));

string train = Path.Combine(dataDir, "credit_card_transactions_sample15k.csv");
string test = Path.Combine(dataDir, "fraudTest_head5116.csv");
if (File.Exists(train) && File.Exists(test))
{
    var sparkov = new MerchantCategorizer(new MerchantCategorizerOptions());
    foreach (ReadOutcome row in TransactionFileReader.Read(train))
    {
        if (row.Event is { } e && CategoryMapper.Map(e.Source, e.SourceCategory) is string category)
        {
            sparkov.Learn(e.Merchant, category);
        }
    }

    int total = 0, correct = 0, confident = 0, confidentCorrect = 0;
    foreach (ReadOutcome row in TransactionFileReader.Read(test))
    {
        if (row.Event is { } e && CategoryMapper.Map(e.Source, e.SourceCategory) is string category)
        {
            CategoryPrediction p = sparkov.Predict(e.Merchant);
            total++;
            correct += p.Category == category ? 1 : 0;
            if (p.Confidence >= 0.5)
            {
                confident++;
                confidentCorrect += p.Category == category ? 1 : 0;
            }
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Sparkov merchant text: trained on {sparkov.TrainingExamples:N0} rows, held-back {total:N0} rows: accuracy {(double)correct / total:P1}; confidence>=0.5 on {(double)confident / total:P1} with accuracy {(double)confidentCorrect / Math.Max(1, confident):P1}"));
}
