using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The shard's side of the fleet's DP releases as a stage of the shard's own chain (aws mode): each batch
/// gets a <see cref="ReleaseHandIn"/> (the windows and continual steps the shard passed, with their exact
/// partials) that the report sink hands to the coordinator. Being a stage, its open windows and steps are
/// captured at barriers with the rest of the shard's state and restored with the lease's checkpoint, so a
/// lease that moves mid-window hands in the whole window, never only what the new owner read.
/// </summary>
public sealed class ReleasePartialsStage : IPipelineStage, IStatefulStage
{
    public const string StageName = "release-partials";
    private readonly ShardReleaseState _state;

    /// <param name="continual">Count the shard's part of the fleet's continual release too.</param>
    public ReleasePartialsStage(DifferentialPrivacyOptions options, bool continual) => _state = new ShardReleaseState(options, continual);

    public string Name => StageName;

    public string StateName => StageName;

    public void Process(RecordBatch batch)
    {
        var live = new List<EnrichedTransaction>(batch.Items.Count);
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive && item.Output!.Change == ChangeKind.Added)
            {
                live.Add(item.Output);
            }
        }

        batch.Results<ReleaseHandIn>().Add(_state.Observe(batch.ShardId, live, hold: false));
    }

    public byte[] CaptureState() => _state.Capture();

    public void RestoreState(byte[] state, bool streamContinues) => _state.Restore(state);
}
