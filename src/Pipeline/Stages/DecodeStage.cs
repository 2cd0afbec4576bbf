using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;

namespace StreamGuard.Pipeline.Stages;

/// <summary>
/// Turns each record's JSON bytes into a transaction event; undecodable records are dead-lettered.
/// A record written in this process (embedded `run`) carries the event it encodes, taken as is: the
/// same value, without parsing again the JSON just written.
/// </summary>
public sealed class DecodeStage : IPipelineStage
{
    public string Name => "decode";

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.Record.Decoded is TransactionEvent written)
            {
                item.Event = written;
                continue;
            }

            // An input row the reader rejected, sent through the stream with its reason (InputDeadLetterRecords).
            if (item.Record.Decoded is DeadLetter rejected)
            {
                item.DeadLetter = rejected;
                continue;
            }

            try
            {
                item.Event = JsonSerializer.Deserialize(item.Record.Data.Span, CoreJsonContext.Default.TransactionEvent)
                    ?? throw new JsonException("the record is the JSON literal null");
            }
            catch (JsonException e)
            {
                item.DeadLetter = PipelineDeadLetters.For(batch, item, Name, $"not a transaction event: {e.Message}");
            }
        }
    }
}
