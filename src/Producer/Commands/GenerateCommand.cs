using System.CommandLine;

namespace StreamGuard.Producer.Commands;

internal static class GenerateCommand
{
    public static Command Create() => new("Generate".ToLowerInvariant(), "Being written in this commit series.");
}
