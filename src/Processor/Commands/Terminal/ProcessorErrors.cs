using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using StreamGuard.Core;
using StreamGuard.Core.Ingestion;

namespace StreamGuard.Processor.Commands.Terminal;

/// <summary>The processor's failures a user can act on, turned into one-line <see cref="UserErrorException"/>s.</summary>
internal static class ProcessorErrors
{
    // SQLite result codes (https://sqlite.org/rescode.html), primary part.
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    public static UserErrorException? Translate(Exception e) => e switch
    {
        OptionsValidationException o => new UserErrorException("Invalid settings: " + string.Join("; ", o.Failures), o),
        InputFormatException f => new UserErrorException("--input: " + f.Message, f),
        SqliteException s => Sqlite(s),
        _ => null,
    };

    private static UserErrorException? Sqlite(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        SqliteCorrupt or SqliteNotADatabase => new UserErrorException(
            $"The data folder's database is corrupt ({e.Message.TrimEnd('.')}): restore it from a backup, or start the folder over with --reset (or a new --data-dir).", e),
        SqliteReadOnly or SqliteCantOpen => new UserErrorException(
            $"The data folder's database cannot be written ({e.Message.TrimEnd('.')}): check --data-dir and its permissions.", e),
        SqliteFull => new UserErrorException($"The disk holding the data folder is full ({e.Message.TrimEnd('.')}).", e),
        _ => null,
    };
}
