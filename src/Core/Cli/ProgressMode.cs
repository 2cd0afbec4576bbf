namespace StreamGuard.Core.Cli;

/// <summary>How progress is shown: a live bar on a terminal, a plain line every few seconds, or not at all.</summary>
public enum ProgressMode
{
    Off,
    Lines,
    Live,
}
