using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Every NDJSON output, each written once by its own sink over the writer the mode picks (local folder
/// in embedded mode; S3, and Firehose for the report when a delivery stream is set, in aws mode). One
/// pipeline sink, so the run summary times the outputs together; the outputs are written side by side
/// and the batch is accepted when all of them have written it.
/// </summary>
public sealed class FeedSinks : IBatchSink
{
    private readonly IBatchSink[] _sinks;
    private readonly Task[] _writes;

    public FeedSinks(string name, IReadOnlyList<FeedSink> outputs, ReportFeedSink report)
    {
        Name = name;
        Outputs = outputs;
        Report = report;
        _sinks = [.. outputs, report];
        _writes = new Task[_sinks.Length];
    }

    public string Name { get; }

    public IReadOnlyList<FeedSink> Outputs { get; }

    public ReportFeedSink Report { get; }

    /// <summary>Every output over the writers of <paramref name="writerFor"/> (by output name).</summary>
    public static FeedSinks Create(string name, Func<string, IFeedWriter> writerFor, DeadLetterProtector protector, PrivateCategoryReport report) =>
        new(
            name,
            [
                new FeedSink(FeedOutputs.Archive, writerFor(FeedOutputs.Archive), FeedSelectors.Archive),
                new FeedSink(FeedOutputs.Alerts, writerFor(FeedOutputs.Alerts), FeedSelectors.Alerts),
                new FeedSink(FeedOutputs.LateEvents, writerFor(FeedOutputs.LateEvents), FeedSelectors.LateEvents),
                new FeedSink(FeedOutputs.DeadLetters, writerFor(FeedOutputs.DeadLetters), FeedSelectors.DeadLetters(protector)),
                new FeedSink(FeedOutputs.Budgets, writerFor(FeedOutputs.Budgets), FeedSelectors.Budgets),
                new FeedSink(FeedOutputs.Segments, writerFor(FeedOutputs.Segments), FeedSelectors.Segments),
                new FeedSink(FeedOutputs.Duplicates, writerFor(FeedOutputs.Duplicates), FeedSelectors.Duplicates),
            ],
            new ReportFeedSink(writerFor(FeedOutputs.Report), report));

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _sinks.Length; i++)
        {
            _writes[i] = _sinks[i].WriteAsync(batch, cancellationToken);
        }

        await Task.WhenAll(_writes).ConfigureAwait(false);
    }

    /// <summary>The input is complete: publishes the releases of every window still open.</summary>
    public Task ReleaseRemainingAsync(CancellationToken cancellationToken) => Report.ReleaseRemainingAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (IBatchSink sink in _sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
