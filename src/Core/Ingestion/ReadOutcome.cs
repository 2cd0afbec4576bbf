using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion;

/// <summary>One input record: either a transaction or a dead letter saying why it could not be read.</summary>
public readonly record struct ReadOutcome(TransactionEvent? Event, DeadLetter? DeadLetter)
{
    public static ReadOutcome Ok(TransactionEvent transaction) => new(transaction, null);

    public static ReadOutcome Failed(DeadLetter deadLetter) => new(null, deadLetter);
}
