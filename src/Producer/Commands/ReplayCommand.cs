using System.CommandLine;

namespace StreamGuard.Producer.Commands;

internal static class ReplayCommand
{
    public static Command Create() => new("Replay".ToLowerInvariant(), "Being written in this commit series.");
}
