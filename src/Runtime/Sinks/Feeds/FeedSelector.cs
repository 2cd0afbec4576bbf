namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>Puts an output's lines for the new part of a batch into the buffer.</summary>
public delegate void FeedSelector(FeedView view, FeedBuffer buffer);
