using Spectre.Console;

namespace StreamGuard.Core.Cli;

/// <summary>A Spectre.Console writer over a text writer: colours only on a terminal, plain text in files and pipes.</summary>
public static class CliConsole
{
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 120;
        }

        return console;
    }

    /// <summary>A two-column table (what, value) with a title, the shape of every summary.</summary>
    public static Table Summary(string title)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumn(new TableColumn("[bold]what[/]").NoWrap());
        table.AddColumn("[bold]value[/]");
        return table;
    }

    public static Table Row(this Table table, string what, string value)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.AddRow(Markup.Escape(what), Markup.Escape(value));
    }
}
