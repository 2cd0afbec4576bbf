using System.Diagnostics;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>
/// The SQLite sink alone, for `stages`: the chain's finished batches written through the real
/// <see cref="SqliteSink"/> into a fresh database, as the embedded pipeline writes them (write groups
/// of <see cref="PipelineOptions.WriteGroupRecords"/>, the log copied by the background checkpointer),
/// and the group committed at the end. The time is process CPU time, so it includes the checkpointer's thread.
/// </summary>
internal static class SqliteSinkCost
{
    public static (long CpuTicks, long Bytes, SqliteTimings Timings) Write(string directory, IReadOnlyList<RecordBatch> batches, WindowOptions windows)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        try
        {
            using var store = new SqliteStore(directory);
            // SG_BENCH_CHECKPOINT_MS: the background checkpointer's interval (the pipeline's 250 ms by default; 0: none, SQLite's automatic checkpoint only).
            int checkpointMs = int.TryParse(Environment.GetEnvironmentVariable("SG_BENCH_CHECKPOINT_MS"), out int ms) ? ms : 250;
            if (checkpointMs > 0)
            {
                store.StartBackgroundCheckpoints(TimeSpan.FromMilliseconds(checkpointMs));
            }

            var protector = new DeadLetterProtector(SealingKey.FromBase64(Convert.ToBase64String(new byte[32]), "bench"));
            // SG_BENCH_GROUP_RECORDS: records per write group (the pipeline's default otherwise), to try other sizes.
            int group = int.TryParse(Environment.GetEnvironmentVariable("SG_BENCH_GROUP_RECORDS"), out int g) ? g : new PipelineOptions().WriteGroupRecords;
            var sink = new SqliteSink(store, protector, TimeProvider.System, windows, groupRecords: group);
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpu = self.TotalProcessorTime;
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            foreach (RecordBatch batch in batches)
            {
                sink.WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
            }

            sink.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            self.Refresh();
            long ticks = (self.TotalProcessorTime - cpu).Ticks;
            bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            SqliteTimings timings = store.Timings;
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return (ticks, bytes, timings);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
