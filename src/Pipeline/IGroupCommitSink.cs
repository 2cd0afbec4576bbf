namespace StreamGuard.Pipeline;

/// <summary>
/// A sink that keeps one transaction open across batches, in the same store as the checkpoints and
/// state saved after them, and commits them together: <see cref="IBatchSink.WriteAsync"/> accepts a
/// batch into the open group, <see cref="FlushAsync"/> commits it. A crash loses the whole open
/// group with its checkpoints, so what is committed and the checkpoint always move together. The
/// pipeline flushes whenever no batch is waiting and when the input is drained: a steady stream
/// commits batch by batch, a backlog in large groups (the sink also commits on its own size limit).
/// </summary>
public interface IGroupCommitSink : IBatchSink
{
    Task FlushAsync(CancellationToken cancellationToken);
}
