namespace StreamGuard.Pipeline.State;

/// <summary>Where the state checkpoint lives: SQLite in embedded mode, S3 in aws mode.</summary>
public interface IStateStore
{
    /// <summary>The newest saved checkpoint, or null when none was saved yet.</summary>
    Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the saved checkpoint; when it returns, a restart resumes from it.</summary>
    Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken);
}
