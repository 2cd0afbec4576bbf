namespace StreamGuard.Pipeline.State;

/// <summary>
/// A stage whose learned state (models, open windows, month-to-date spend) is saved with the stream
/// checkpoint and restored on restart, so a restart neither forgets nor counts anything twice.
/// </summary>
public interface IStatefulStage
{
    /// <summary>The name the state is saved under; stable across versions.</summary>
    string StateName { get; }

    /// <summary>False when this instance has nothing to save (e.g. a scorer without snapshots).</summary>
    bool HasState => true;

    /// <summary>The whole state as bytes. Called on the stage's own task, between batches.</summary>
    byte[] CaptureState();

    /// <summary>
    /// Replaces the state with one captured by a stage with the same settings.
    /// <paramref name="streamContinues"/> is false when the stream itself is new (embedded mode after
    /// a process restart): learned state carries over, positions in the old stream do not.
    /// </summary>
    void RestoreState(byte[] state, bool streamContinues);
}
