using System.CommandLine;
using StreamGuard.Producer.Commands;

var root = new RootCommand("StreamGuard producer: generates labelled transactions and replays files into a stream.")
{
    GenerateCommand.Create(),
    ReplayCommand.Create(),
    PlaidCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
