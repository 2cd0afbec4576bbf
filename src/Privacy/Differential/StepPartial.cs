namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One shard's exact contribution to one step of a continual release instance (the statistics of
/// <see cref="ContinualPopulation"/>, each person already bounded over the horizon: a person's records
/// all land on one shard, so the shard's bound is the person's). Internal to the release: summed across
/// shards, noised once per tree node for the fleet, never published.
/// </summary>
/// <param name="HorizonTicks">Start of the horizon the instance counts.</param>
/// <param name="Step">The step of the horizon, from 0.</param>
public sealed record StepPartial(long HorizonTicks, int Step, long[] Values);
