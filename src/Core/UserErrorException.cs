namespace StreamGuard.Core;

/// <summary>
/// A problem the user can fix (a path, an option, a setting, a data folder that needs a reset):
/// the commands print its message alone on one line, without a stack trace, and exit with
/// <see cref="ExitCode"/> (2 for usage and setup errors, 3 for an input with no readable row).
/// </summary>
public class UserErrorException : Exception
{
    public UserErrorException(string message, int exitCode = 2, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    public UserErrorException()
        : this("StreamGuard stopped on a user error.")
    {
    }

    public UserErrorException(string message)
        : this(message, 2)
    {
    }

    public UserErrorException(string message, Exception innerException)
        : this(message, 2, innerException)
    {
    }

    public int ExitCode { get; }
}
