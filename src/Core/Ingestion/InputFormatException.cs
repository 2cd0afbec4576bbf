namespace StreamGuard.Core.Ingestion;

/// <summary>The input as a whole cannot be read (wrong format, missing required columns).</summary>
public sealed class InputFormatException : Exception
{
    public InputFormatException(string message) : base(message) { }

    public InputFormatException(string message, Exception inner) : base(message, inner) { }

    public InputFormatException() { }
}
