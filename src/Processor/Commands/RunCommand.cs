using System.CommandLine;

namespace StreamGuard.Processor.Commands;

internal static class RunCommand
{
    public static Command Create() => new("Run".ToLowerInvariant(), "Being written in this commit series.");
}
