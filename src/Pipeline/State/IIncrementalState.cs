namespace StreamGuard.Pipeline.State;

/// <summary>
/// A stateful stage that can also save its state as keyed items, only the changed ones each time.
/// The checkpointer turns <see cref="Incremental"/> on when its store keeps items (SQLite); otherwise
/// the stage is saved whole through <see cref="IStatefulStage.CaptureState"/> as before.
/// </summary>
public interface IIncrementalState : IStatefulStage
{
    /// <summary>False when this instance's model has no keyed form (it is then always saved whole).</summary>
    bool SupportsItems { get; }

    /// <summary>True when captures should be incremental (<see cref="CaptureItems"/>).</summary>
    bool Incremental { get; set; }

    /// <summary>The head and the items changed since the previous capture (all of them the first time). Called on the stage's own task.</summary>
    StateItems CaptureItems();

    /// <summary>Replaces the state with a saved head and every saved item; <paramref name="streamContinues"/> as in <see cref="IStatefulStage.RestoreState"/>.</summary>
    void RestoreItems(byte[] head, IEnumerable<StateItem> items, bool streamContinues);
}
