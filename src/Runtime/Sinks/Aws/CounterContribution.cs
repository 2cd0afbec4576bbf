namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>What one record adds to one counter, with the record's place in its shard.</summary>
/// <param name="Key">
/// Which counter of the item: null for the item's own <c>txn_count</c>/<c>amount</c> (profiles); else the
/// suffix of its <c>n|</c>/<c>a|</c> attributes (<see cref="DynamoDbAggregateItems.AttributeKey"/>).
/// </param>
public readonly record struct CounterContribution(string SequenceNumber, long Count, decimal Amount, string? Key = null);
