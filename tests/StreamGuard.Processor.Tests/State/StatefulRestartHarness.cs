using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Runtime.Composition;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// One processor incarnation over a stream that outlives it (as Kinesis does): the real stage chain,
/// the SQLite sink, checkpoints and state store in one database. A new harness on the same stream and
/// folder is the restarted process.
/// </summary>
internal sealed class StatefulRestartHarness : IAsyncDisposable
{
    private static readonly PseudonymKey s_key = PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "test");

    public StatefulRestartHarness(EmbeddedStream stream, string dataDir, StateCheckpointOptions state, params IBatchSink[] extraSinks)
    {
        var options = new StreamGuardOptions
        {
            DataDir = dataDir,
            Pipeline = new PipelineOptions { RecordsPerRead = 100, ChannelCapacity = 2, IdlePollInterval = TimeSpan.FromMilliseconds(5) },
            State = state,
        };
        Store = new SqliteStore(dataDir);
        Insight = new InsightStages(options.Insight, stream.ShardCount);
        var sqlite = new SqliteSink(Store, new DeadLetterProtector(SealingKey.FromBase64(Convert.ToBase64String(new byte[32]), "test")), TimeProvider.System, options.Insight.Windows);
        State = new StateCheckpointer(new SqliteCheckpointStore(Store, TimeProvider.System), new SqliteStateStore(Store), state, TimeProvider.System, NullLogger.Instance);
        Feed = new AllShardsFeed(stream, State, options.Pipeline, TimeProvider.System, NullLogger.Instance);
        var anonymizer = new TransactionAnonymizer(new Pseudonymizer(s_key), options.Privacy);
        IReadOnlyList<IPipelineStage> stages = StageChain.Build(options, TimeProvider.System, anonymizer, new OnlineFraudScorer(options.Scoring), Insight);
        Pipeline = new ProcessingPipeline(stages, [sqlite, .. extraSinks], State, options.Pipeline, new PipelineCounters(), NullLogger.Instance, State);
        Sinks = [sqlite, .. extraSinks];
    }

    public SqliteStore Store { get; }

    public InsightStages Insight { get; }

    public StateCheckpointer State { get; }

    public AllShardsFeed Feed { get; }

    public ProcessingPipeline Pipeline { get; }

    private IBatchSink[] Sinks { get; }

    public Task RunAsync() => Pipeline.RunAsync(Feed.RunAsync, CancellationToken.None);

    /// <summary>Every transaction's stored fraud score, by id.</summary>
    public Dictionary<string, double> Scores() => SqliteRows.Query(Store, "SELECT transaction_id, fraud_score FROM transactions", r => (r.GetString(0), r.GetDouble(1))).ToDictionary();

    /// <summary>Every stored window total, as comparable text.</summary>
    public List<string> Aggregates() =>
        SqliteRows.Query(Store, "SELECT window, start, key_kind, key, count, amount FROM aggregates WHERE count != 0 OR amount != 0 ORDER BY 1, 2, 3, 4",
            r => $"{r.GetString(0)}|{r.GetInt64(1)}|{r.GetString(2)}|{r.GetString(3)}|{r.GetInt64(4)}|{r.GetDouble(5):F2}");

    public List<string> AlertIds() => SqliteRows.Query(Store, "SELECT alert_id FROM alerts ORDER BY 1", r => r.GetString(0));

    public async ValueTask DisposeAsync()
    {
        foreach (IBatchSink sink in Sinks)
        {
            await sink.DisposeAsync();
        }

        Insight.Dispose();
        Store.Dispose();
    }
}
