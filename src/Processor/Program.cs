using System.CommandLine;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands;
using StreamGuard.Processor.Commands.Terminal;

var root = new RootCommand("StreamGuard processor: decodes, anonymises, categorises, scores and aggregates transactions.")
{
    RunCommand.Create(),
    ConsumeCommand.Create(),
    EvaluateCommand.Create(),
    TrainCommand.Create(),
    InspectCommand.Create(),
};
return await CommandLineApp.RunAsync(root, args, translate: ProcessorErrors.Translate);
