using System.CommandLine;
using System.CommandLine.Parsing;

namespace StreamGuard.Core.Cli;

/// <summary>
/// Runs a root command the way an operator expects: a parse error is one line naming the option
/// (exit 2, not the whole help); a <see cref="UserErrorException"/> prints its message alone and exits
/// with its code; any other failure prints one line (the stack trace only with <c>--verbose</c>).
/// </summary>
public static class CommandLineApp
{
    /// <summary>Shared by every command (recursive): stack traces and summary details.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "Show details: the full summary, and stack traces on failures.", Recursive = true };

    /// <param name="translate">Turns a failure this program knows how to explain (a corrupt database, say) into a user error.</param>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null, Func<Exception, UserErrorException?>? translate = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        output ??= Console.Out;
        error ??= Console.Error;
        if (!root.Options.Contains(Verbose))
        {
            root.Options.Add(Verbose);
        }

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync(ParseErrorMessage.Describe(parse)).ConfigureAwait(false);
            return 2;
        }

        // run and consume handle Ctrl+C and SIGTERM themselves: a graceful stop that drains and saves
        // state can take longer than the two seconds the command line library would allow.
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await ReportAsync(e, error, parse.GetValue(Verbose), translate).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Wraps a command's action so that its failures are reported in one line however it is invoked
    /// (through <see cref="RunAsync"/> or a bare <c>Parse(...).InvokeAsync()</c> as tests do).
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> action, Func<Exception, UserErrorException?>? translate = null) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                bool verbose = parse.RootCommandResult.Command.Options.Contains(Verbose) && parse.GetValue(Verbose);
                return await ReportAsync(e, parse.InvocationConfiguration.Error, verbose, translate).ConfigureAwait(false);
            }
        };

    private static async Task<int> ReportAsync(Exception e, TextWriter error, bool verbose, Func<Exception, UserErrorException?>? translate)
    {
        (string message, int code) = Explain(e, translate);
        await error.WriteLineAsync(message).ConfigureAwait(false);
        if (verbose)
        {
            await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }
        else if (code == 1)
        {
            await error.WriteLineAsync("(run again with --verbose for the stack trace)").ConfigureAwait(false);
        }

        return code;
    }

    /// <summary>The one line and the exit code for a failure.</summary>
    public static (string Message, int ExitCode) Explain(Exception exception, Func<Exception, UserErrorException?>? translate = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is UserErrorException user)
            {
                return (OneLine(user.Message), user.ExitCode);
            }

            if (translate?.Invoke(e) is { } translated)
            {
                return (OneLine(translated.Message), translated.ExitCode);
            }
        }

        if (exception is OperationCanceledException)
        {
            return ("Stopped.", 130);
        }

        if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            return Explain(aggregate.InnerExceptions[0], translate);
        }

        return exception switch
        {
            UnauthorizedAccessException or IOException => (OneLine(exception.Message), 2),
            _ => ($"{exception.GetType().Name}: {OneLine(exception.Message)}", 1),
        };
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
