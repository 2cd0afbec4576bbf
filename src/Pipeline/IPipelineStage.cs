namespace StreamGuard.Pipeline;

/// <summary>
/// A processing step over a batch. The pipeline runs each stage on its own task between bounded
/// channels, so a stage needs no locking for its own state.
/// </summary>
public interface IPipelineStage
{
    string Name { get; }

    void Process(RecordBatch batch);
}
