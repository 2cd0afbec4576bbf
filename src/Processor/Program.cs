using System.CommandLine;
using StreamGuard.Processor.Commands;

var root = new RootCommand("StreamGuard processor: decodes, anonymises, categorises, scores and aggregates transactions.")
{
    RunCommand.Create(),
    ConsumeCommand.Create(),
    EvaluateCommand.Create(),
    TrainCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
