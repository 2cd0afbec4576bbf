using System.CommandLine;
using StreamGuard.Processor.Commands;

var root = new RootCommand("StreamGuard processor: decodes, anonymises, categorises, scores and aggregates transactions.")
{
    RunCommand.Create(),
    ConsumeCommand.Create(),
    EvaluateCommand.Create(),
    TrainCommand.Create(),
};
// run and consume handle Ctrl+C and SIGTERM themselves (TerminationSignals): a graceful stop that
// drains and saves state can take longer than the two seconds the command line library allows.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
