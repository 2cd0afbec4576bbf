namespace StreamGuard.Pipeline.State;

/// <summary>How much one incremental capture held: its item bytes, upserts and removals.</summary>
/// <param name="ItemBytes">Bytes of the written items.</param>
/// <param name="Upserts">Items written.</param>
/// <param name="Removed">Items removed.</param>
public readonly record struct StateItemsSize(int ItemBytes, int Upserts, int Removed);
