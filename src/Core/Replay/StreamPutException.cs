namespace StreamGuard.Core.Replay;

/// <summary>Records could not be put into the stream even after retries.</summary>
public sealed class StreamPutException : Exception
{
    public StreamPutException(string message) : base(message) { }

    public StreamPutException() { }

    public StreamPutException(string message, Exception inner) : base(message, inner) { }
}
