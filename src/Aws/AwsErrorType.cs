namespace StreamGuard.Aws;

/// <summary>Who AWS blames for an error: the caller (Sender) or the service (Receiver).</summary>
public enum AwsErrorType
{
    Unknown,
    Sender,
    Receiver,
}
