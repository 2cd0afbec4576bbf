using System.CommandLine;
using StreamGuard.Processor.Commands;

var root = new RootCommand("StreamGuard processor: decodes, anonymises, categorises, scores and aggregates transactions.")
{
    RunCommand.Create(),
    ConsumeCommand.Create(),
    EvaluateCommand.Create(),
};
// The commands handle Ctrl+C and SIGTERM themselves (a graceful stop that drains and saves state).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
