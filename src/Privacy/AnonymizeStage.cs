using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Privacy;

/// <summary>Replaces each raw event by its privacy-safe record; the raw event is released here.</summary>
public sealed class AnonymizeStage : IPipelineStage
{
    private readonly TransactionAnonymizer _anonymizer;

    public AnonymizeStage(TransactionAnonymizer anonymizer) => _anonymizer = anonymizer;

    public string Name => "anonymise";

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.Event is not { } e || item.DeadLetter is not null)
            {
                continue;
            }

            item.Output = _anonymizer.Anonymize(e, batch.ShardId, item.Record.SequenceNumber, batch.Results<PseudonymLink>(), out RawFeatures features);
            item.Features = features;
            item.Event = null;
        }
    }
}
