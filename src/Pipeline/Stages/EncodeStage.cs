using System.Text.Json;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;

namespace StreamGuard.Pipeline.Stages;

/// <summary>
/// Encodes each finished record as JSON once, on its own task, so the sinks (database row,
/// archive line, S3 object) share the bytes instead of each serialising again.
/// </summary>
public sealed class EncodeStage : IPipelineStage
{
    public string Name => "encode";

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                item.OutputJson = JsonSerializer.SerializeToUtf8Bytes(item.Output!, CoreJsonContext.Default.EnrichedTransaction);
            }
        }
    }
}
