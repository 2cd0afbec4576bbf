namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>One open file of an output's event hour: written as a hidden file, renamed to its final name when finished.</summary>
internal sealed class AppendedFile(DateTime hour, string name, string hiddenPath, string finalPath, FileStream stream, long opened) : IDisposable
{
    public DateTime Hour { get; } = hour;

    public string Name { get; } = name;

    public string HiddenPath { get; } = hiddenPath;

    public string FinalPath { get; } = finalPath;

    public FileStream Stream { get; } = stream;

    /// <summary>Bytes written (every line whole).</summary>
    public long Length { get; set; }

    /// <summary>When it was opened (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Opened { get; } = opened;

    /// <summary>The output's append count when this file was last appended to.</summary>
    public long LastAppend { get; set; }

    public void Dispose() => Stream.Dispose();
}
