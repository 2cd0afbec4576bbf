using System.Text;
using StreamGuard.Core.Model;

namespace StreamGuard.Pipeline;

/// <summary>Builds dead letters for records that fail a stage, naming the shard position they came from.</summary>
public static class PipelineDeadLetters
{
    public static DeadLetter For(RecordBatch batch, PipelineItem item, string stage, string reason) =>
        new($"stream:{batch.ShardId}", item.Record.SequenceNumber, stage, reason, Encoding.UTF8.GetString(item.Record.Data.Span));
}
