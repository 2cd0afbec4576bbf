
namespace StreamGuard.Pipeline;

/// <summary>Runs several stages one after another on the same task.</summary>
public sealed class CompositeStage(string name, params IPipelineStage[] stages) : IPipelineStage
{
    public string Name { get; } = name;

    public IReadOnlyList<IPipelineStage> Stages { get; } = stages;

    public void Process(RecordBatch batch)
    {
        foreach (IPipelineStage stage in Stages)
        {
            stage.Process(batch);
        }
    }
}
