namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>What one record adds to one counter item, with the record's place in its shard.</summary>
public readonly record struct CounterContribution(string SequenceNumber, long Count, decimal Amount);
