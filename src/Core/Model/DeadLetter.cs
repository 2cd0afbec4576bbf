namespace StreamGuard.Core.Model;

/// <summary>
/// Input that could not be processed, with where it came from and why, so nothing is lost.
/// <see cref="Payload"/> is the raw input and may hold personal data: sinks store it encrypted.
/// </summary>
public sealed record DeadLetter(string Origin, string Position, string Stage, string Reason, string Payload);
