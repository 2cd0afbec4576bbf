using System.CommandLine;
using StreamGuard.Core.Cli;
using StreamGuard.Producer.Commands;

var root = new RootCommand("StreamGuard producer: generates labelled transactions and replays files into a stream.")
{
    GenerateCommand.Create(),
    ReplayCommand.Create(),
    PlaidCommand.Create(),
};
return await CommandLineApp.RunAsync(root, args, translate: e => e is StreamGuard.Core.Ingestion.InputFormatException f ? new StreamGuard.Core.UserErrorException("PATH: " + f.Message, f) : null);
