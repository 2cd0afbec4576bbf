namespace StreamGuard.Pipeline.State;

/// <summary>
/// A state store that keeps incremental stages' items (<see cref="StageState.Items"/>) as rows and
/// applies each save's changes with the checkpoint, atomically.
/// </summary>
public interface IItemStateStore : IStateStore
{
}
