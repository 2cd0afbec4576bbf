namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>One object of an output: NDJSON lines of one event hour, named by the record range they come from.</summary>
/// <param name="Output">The output, e.g. <see cref="FeedOutputs.Archive"/>.</param>
/// <param name="Hour">The event hour (UTC) of its lines: the date partition.</param>
/// <param name="Name">The file name without extension (<see cref="FeedKeys.Name"/>).</param>
/// <param name="Lines">UTF-8 JSON lines, each ending in '\n'.</param>
/// <param name="LineCount">How many lines.</param>
public sealed record FeedObject(string Output, DateTime Hour, string Name, ReadOnlyMemory<byte> Lines, int LineCount)
{
    /// <summary>The key under the writer's root: <c>{output}/dt=YYYY-MM-DD/hour=HH/{name}.ndjson</c>.</summary>
    public string Key => FeedKeys.Key(Output, Hour, Name);
}
