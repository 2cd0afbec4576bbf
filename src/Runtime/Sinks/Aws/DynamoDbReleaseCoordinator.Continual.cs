using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Aws;

// The fleet's continual release (the console's population view) in the same table, by the same rules as
// the windows: the instance of a horizon is claimed and paid once ({stream}|c|{horizon} / instance); each
// shard's partial of a step is written once ({stream}|c|{horizon}|{step} / p|{shardId}); how far each shard
// has passed is only ever raised ({stream}|cprogress / shard id); a tree node is claimed by exactly one
// worker once every shard has passed its last step and holds the noisy node for every other worker and
// every replay ({stream}|c|{horizon}|{step} / release).
public sealed partial class DynamoDbReleaseCoordinator
{
    public const string InstanceSortKey = "instance";

    /// <summary>Nodes of the continual release this worker drew.</summary>
    public int NodesDrawn { get; private set; }

    /// <summary>Continual instances this worker paid for (at most one per horizon across the fleet).</summary>
    public int InstancesPaid { get; private set; }

    public async Task<ReleaseOutcome> PayInstanceAsync(ReleaseRequest request, PrivacyLedgerEntry entry, CancellationToken cancellationToken)
    {
        string pk = _stream + "|c|" + Ticks(request.StartTicks);
        Dictionary<string, AttributeValue>? instance = await GetItemAsync(pk, InstanceSortKey, cancellationToken).ConfigureAwait(false);
        if (Settled(instance) is { } settled)
        {
            return settled;
        }

        if (!await ClaimAsync(pk, InstanceSortKey, instance, cancellationToken).ConfigureAwait(false))
        {
            return Settled(await GetItemAsync(pk, InstanceSortKey, cancellationToken).ConfigureAwait(false)) ?? ReleaseOutcome.Pending;
        }

        if (!await _budget.TrySpendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            await SettleAsync(pk, InstanceSortKey, RefusedState, null, cancellationToken).ConfigureAwait(false);
            return ReleaseOutcome.Refused;
        }

        await _ledger.RecordAsync([entry], cancellationToken).ConfigureAwait(false);
        if (!await SettleAsync(pk, InstanceSortKey, Released, Entries([entry]), cancellationToken).ConfigureAwait(false))
        {
            return Settled(await GetItemAsync(pk, InstanceSortKey, cancellationToken).ConfigureAwait(false)) ?? ReleaseOutcome.Pending;
        }

        InstancesPaid++;
        return new ReleaseOutcome(ReleaseState.Released, [entry], DrawnHere: true, Publish: true);
    }

    public async Task ContributeStepsAsync(string shardId, long passedThroughTicks, IReadOnlyList<StepPartial> partials, CancellationToken cancellationToken)
    {
        foreach (StepPartial partial in partials)
        {
            try
            {
                await _dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = _table,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [PartitionKey] = S(StepKey(partial.HorizonTicks, partial.Step)),
                        [SortKey] = S("p|" + shardId),
                        ["values"] = S(Join(partial.Values)),
                    },
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                // The shard handed this step in before (a re-read after a restart): the first partial stands.
            }
        }

        await RaiseProgressAsync(_stream + "|cprogress", shardId, passedThroughTicks, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long[]?> TryReleaseNodeAsync(long horizonTicks, int completed, int span, TimeSpan step, int width, Func<long[], long[]> noise, CancellationToken cancellationToken)
    {
        string pk = StepKey(horizonTicks, completed - 1);
        Dictionary<string, AttributeValue>? release = await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false);
        if (NodeValues(release, width) is { } stored)
        {
            return stored;
        }

        if (!await CompleteAsync(_stream + "|cprogress", horizonTicks + (completed * step.Ticks), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (!await ClaimAsync(pk, ReleaseSortKey, release, cancellationToken).ConfigureAwait(false))
        {
            ClaimsLost++;
            return NodeValues(await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false), width);
        }

        // The node sums every shard's partials of the steps it spans (a shard with nothing in a step wrote none).
        long[] exact = new long[width];
        for (int s = completed - span; s < completed; s++)
        {
            foreach (Dictionary<string, AttributeValue> item in await QueryAllAsync(StepKey(horizonTicks, s), "p|", cancellationToken).ConfigureAwait(false))
            {
                long[] values = Split(item["values"].S);
                if (values.Length != width)
                {
                    throw new InvalidDataException($"Item {_table}/{StepKey(horizonTicks, s)} has {values.Length} statistics; this version counts {width}.");
                }

                for (int i = 0; i < width; i++)
                {
                    exact[i] += values[i];
                }
            }
        }

        long[] noisy = noise(exact);
        if (!await SettleAsync(pk, ReleaseSortKey, Released, new(StringComparer.Ordinal) { ["node"] = Join(noisy) }, cancellationToken).ConfigureAwait(false))
        {
            // Another worker took the claim over: its node stands, this draw is never shown.
            return NodeValues(await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false), width);
        }

        NodesDrawn++;
        return noisy;
    }

    public async Task<double> SpentAsync(DateTimeOffset horizonStart, double delta, CancellationToken cancellationToken)
    {
        (double pure, double rho, _) = await _budget.ReadAsync(horizonStart, cancellationToken).ConfigureAwait(false);
        return pure + NoiseCalibration.EpsilonOfRho(rho, delta > 0 ? delta : 1e-6);
    }

    private static long[]? NodeValues(Dictionary<string, AttributeValue>? release, int width)
    {
        if (release?.GetValueOrDefault("state")?.S != Released || release.GetValueOrDefault("node")?.S is not { } node)
        {
            return null;
        }

        long[] values = Split(node);
        return values.Length == width ? values : throw new InvalidDataException($"A released node holds {values.Length} statistics; this version counts {width}.");
    }

    private string StepKey(long horizonTicks, int step) => _stream + "|c|" + Ticks(horizonTicks) + "|" + step.ToString("D5", CultureInfo.InvariantCulture);
}
