using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Runtime.Composition;

/// <summary>How an embedded pipeline's edges are set up.</summary>
/// <param name="PersistentPositions">
/// The writer numbers records by their place in the source (<see cref="Sources.InputRegistry"/>), so
/// stream positions, sink progress marks and saved state stay true across processes: a restart
/// resumes exactly where the saved state stands. Without it (the looping dashboard demo, evaluate)
/// each process starts a new stream and forgets the old positions.
/// </param>
/// <param name="LiveFeed">The dashboard's feed, when a console shows this pipeline.</param>
public sealed record EmbeddedEdgeSettings(bool PersistentPositions = false, LiveFeed? LiveFeed = null);
