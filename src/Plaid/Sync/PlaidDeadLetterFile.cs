using System.Text;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;

namespace StreamGuard.Plaid.Sync;

/// <summary>
/// Appends dead letters (one JSON line each, with the reason and the raw entry) to a file readable
/// by the owner only, next to the item store, so an unmappable Plaid entry is kept, not dropped.
/// Unlike the replay's DeadLetterFile it flushes on every append: the sync cursor is saved right
/// after, and must never get ahead of a dead letter still in a buffer.
/// </summary>
internal sealed class PlaidDeadLetterFile
{
    private readonly string _path;

    public PlaidDeadLetterFile(string path) => _path = path;

    public string FilePath => _path;

    public async Task AppendAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (deadLetters.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (DeadLetter deadLetter in deadLetters)
        {
            text.Append(JsonSerializer.Serialize(deadLetter, CoreJsonContext.Default.DeadLetter)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(_path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
