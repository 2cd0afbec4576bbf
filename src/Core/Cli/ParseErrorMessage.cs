using System.CommandLine;
using System.CommandLine.Parsing;

namespace StreamGuard.Core.Cli;

/// <summary>One line for a command-line parse error: the option it concerns and what that option accepts.</summary>
public static class ParseErrorMessage
{
    public static string Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Command command = parse.CommandResult.Command;
        string where = command.Parents.Any() ? $"'{command.Name}'" : "this program";
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            string? near = Closest(token, command);
            string hint = near is null ? "" : $" (did you mean {near}?)";
            return token.StartsWith('-')
                ? $"{token}: unknown option for {where}{hint}; see --help."
                : $"'{token}': unexpected argument for {where}{hint}; see --help.";
        }

        ParseError error = parse.Errors[0];
        for (SymbolResult? result = error.SymbolResult; result is not null; result = result.Parent)
        {
            switch (result)
            {
                case OptionResult option:
                    return Describe(option.Option.Name, option.Option.ValueType, option.Tokens, error.Message);
                case ArgumentResult argument when argument.Parent is not OptionResult:
                    return Describe(argument.Argument.Name, argument.Argument.ValueType, argument.Tokens, error.Message);
            }
        }

        return error.Message;
    }

    private static string Describe(string name, Type valueType, IReadOnlyList<Token> tokens, string message)
    {
        if (message.StartsWith("Option '", StringComparison.Ordinal) && message.Contains("is required", StringComparison.Ordinal))
        {
            return $"{name} is required: {Accepts(valueType)}.";
        }

        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            return $"{name} is required: {Accepts(valueType)}.";
        }

        if (tokens.Count == 0)
        {
            return $"{name}: a value is missing; it accepts {Accepts(valueType)}.";
        }

        if (message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return $"{name}: '{tokens[^1].Value}' is not valid; it accepts {Accepts(valueType)}.";
        }

        return $"{name}: {message}";
    }

    /// <summary>What values of a type look like, in words.</summary>
    internal static string Accepts(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t == typeof(int) || t == typeof(long) => "a whole number",
            _ when t == typeof(double) || t == typeof(decimal) || t == typeof(float) => "a number (e.g. 0.01)",
            _ when t == typeof(bool) => "true or false (or nothing)",
            _ when t == typeof(FileInfo) => "a file path",
            _ when t == typeof(DirectoryInfo) => "a folder path",
            _ when t == typeof(TimeSpan) => "a duration",
            _ when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
            _ => "a value",
        };
    }

    private static string? Closest(string token, Command command)
    {
        IEnumerable<string> names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Select(c => c.Name));
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int distance = Distance(token, name);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        return bestDistance <= Math.Max(2, token.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
