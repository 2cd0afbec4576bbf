using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Leases;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// One DP release per window for a fleet of aws workers, in one DynamoDB table (hash <c>pk</c>, range
/// <c>sk</c>, every key prefixed by the stream name):
/// <list type="bullet">
/// <item>each shard's partial of a window (<c>{stream}|w|{releaseId}</c> / <c>p|{shardId}</c>), written once (the first wins);</item>
/// <item>how far each shard has passed (<c>{stream}|progress</c> / shard id), only ever raised;</item>
/// <item>windows with partials and no outcome yet (<c>{stream}|open</c> / start ticks);</item>
/// <item>the release itself (<c>{stream}|w|{releaseId}</c> / <c>release</c>): claimed by exactly one worker with
/// <c>attribute_not_exists</c>, then holding the released noisy values (or "refused") for every other worker and every replay;</item>
/// <item>the horizon's spending (<see cref="DynamoDbPrivacyBudget"/>), raised only by a conditional write that keeps it within the total.</item>
/// </list>
/// A window is complete when every shard in the lease table has passed it or is finished (SHARD_END).
/// A claim whose holder died before storing values is taken over after <see cref="ClaimTimeout"/>: the
/// dead holder published nothing, so a new draw reveals nothing more, and its spend stays counted (errs safe).
/// </summary>
public sealed partial class DynamoDbReleaseCoordinator : IReleaseCoordinator, IContinualCoordinator, IShardIdleMarks
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string ReleaseSortKey = "release";
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(60);
    private const string ClaimedState = "claimed";
    private const string Released = "released";
    private const string RefusedState = "refused";
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;
    private readonly string _stream;
    private readonly LeaseTable _leases;
    private readonly PrivacyBudgetLedger _ledger;
    private readonly string _workerId;
    private readonly TimeProvider _time;
    private readonly DynamoDbPrivacyBudget _budget;

    /// <param name="ledger">Where the worker that draws a release also records it (the S3 audit trail and this worker's spending figures).</param>
    public DynamoDbReleaseCoordinator(IAmazonDynamoDB dynamo, string table, string stream, LeaseTable leases, PrivacyBudgetLedger ledger, string workerId, TimeProvider time)
    {
        _dynamo = dynamo;
        _table = table;
        _stream = stream;
        _leases = leases;
        _ledger = ledger;
        _workerId = workerId;
        _time = time;
        _budget = new DynamoDbPrivacyBudget(dynamo, table, stream + "|budget");
    }

    public string Location => $"dynamodb://{_table}/{_stream}";

    /// <summary>A replayed window is not published again: the worker that drew it published it; the others take its values.</summary>
    public bool PublishesReplays => false;

    /// <summary>Releases this worker drew (it won the claim and the budget paid).</summary>
    public int Drawn { get; private set; }

    /// <summary>Claims this worker tried and lost to another worker.</summary>
    public int ClaimsLost { get; private set; }

    public DynamoDbPrivacyBudget Budget => _budget;

    public Task EnsureTableAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        DynamoTables.EnsureAsync(_dynamo, _table, PartitionKey, SortKey, timeout, cancellationToken);

    public async Task<long> ContributeAsync(string shardId, long passedThroughTicks, IReadOnlyList<WindowPartial> partials, CancellationToken cancellationToken)
    {
        long late = 0;
        foreach (WindowPartial partial in partials)
        {
            if (await GetItemAsync(WindowKey(partial.StartTicks), ReleaseSortKey, cancellationToken).ConfigureAwait(false) is not null)
            {
                // Claimed already (the shard counted as idle and the window went without it): never released again, its records are late.
                late += partial.Counts.Sum();
                continue;
            }

            try
            {
                await _dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = _table,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [PartitionKey] = S(WindowKey(partial.StartTicks)),
                        [SortKey] = S("p|" + shardId),
                        ["counts"] = S(Join(partial.Counts)),
                        ["cents"] = S(Join(partial.Cents)),
                    },
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                // The shard handed this window in before (a re-read after a restart or a lease move): the first partial stands.
                continue;
            }

            await _dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = new Dictionary<string, AttributeValue> { [PartitionKey] = S(_stream + "|open"), [SortKey] = S(Ticks(partial.StartTicks)) },
            }, cancellationToken).ConfigureAwait(false);
        }

        await RaiseProgressAsync(_stream + "|progress", shardId, passedThroughTicks, cancellationToken).ConfigureAwait(false);
        return late;
    }

    public async Task<IReadOnlyList<long>> OpenWindowsAsync(long startedByTicks, CancellationToken cancellationToken)
    {
        var starts = new List<long>();
        Dictionary<string, AttributeValue>? from = null;
        do
        {
            QueryResponse page = await _dynamo.QueryAsync(new QueryRequest
            {
                TableName = _table,
                ConsistentRead = true,
                KeyConditionExpression = "pk = :pk AND sk <= :last",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = S(_stream + "|open"), [":last"] = S(Ticks(Math.Max(0, startedByTicks))) },
                ExclusiveStartKey = from,
            }, cancellationToken).ConfigureAwait(false);
            starts.AddRange((page.Items ?? []).Select(i => long.Parse(i[SortKey].S, CultureInfo.InvariantCulture)));
            from = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (from is not null);

        return starts;
    }

    public async Task<ReleaseOutcome> TryReleaseAsync(ReleaseRequest request, Func<WindowPartial, IReadOnlyList<PrivacyLedgerEntry>> draw, bool inputComplete, CancellationToken cancellationToken)
    {
        string pk = WindowKey(request.StartTicks);
        Dictionary<string, AttributeValue>? release = await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false);
        if (Settled(release) is { } settled)
        {
            await CloseAsync(request.StartTicks, cancellationToken).ConfigureAwait(false);
            return settled;
        }

        if (!inputComplete && !await CompleteAsync(_stream + "|progress", request.EndTicks, cancellationToken).ConfigureAwait(false))
        {
            return ReleaseOutcome.Pending;
        }

        if (!await ClaimAsync(pk, ReleaseSortKey, release, cancellationToken).ConfigureAwait(false))
        {
            ClaimsLost++;
            return Settled(await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false)) ?? ReleaseOutcome.Pending;
        }

        WindowPartial sum = await SumPartialsAsync(request.StartTicks, cancellationToken).ConfigureAwait(false);
        if (!await _budget.TrySpendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            await SettleAsync(pk, ReleaseSortKey, RefusedState, null, cancellationToken).ConfigureAwait(false);
            await CloseAsync(request.StartTicks, cancellationToken).ConfigureAwait(false);
            return ReleaseOutcome.Refused;
        }

        IReadOnlyList<PrivacyLedgerEntry> entries = draw(sum);

        // Recorded in the S3 ledger, then stored for every other worker: published only once both hold.
        await _ledger.RecordAsync(entries, cancellationToken).ConfigureAwait(false);
        if (!await SettleAsync(pk, ReleaseSortKey, Released, Entries(entries), cancellationToken).ConfigureAwait(false))
        {
            // Too slow: another worker took the claim over. Nothing of this draw is published; its spend stays counted.
            return Settled(await GetItemAsync(pk, ReleaseSortKey, cancellationToken).ConfigureAwait(false)) ?? ReleaseOutcome.Pending;
        }

        Drawn++;
        await CloseAsync(request.StartTicks, cancellationToken).ConfigureAwait(false);
        return new ReleaseOutcome(ReleaseState.Released, entries, DrawnHere: true, Publish: true);
    }

    /// <summary>Whether every shard in the lease table has passed <paramref name="endTicks"/> (as recorded under <paramref name="progressKey"/>) or is finished.</summary>
    private async Task<bool> CompleteAsync(string progressKey, long endTicks, CancellationToken cancellationToken)
    {
        IReadOnlyList<Lease> leases = await _leases.ListAsync(cancellationToken).ConfigureAwait(false);
        if (leases.Count == 0)
        {
            return false;
        }

        Dictionary<string, long> progress = [];
        HashSet<string> idle = new(StringComparer.Ordinal);
        foreach (Dictionary<string, AttributeValue> item in await QueryAllAsync(progressKey, null, cancellationToken).ConfigureAwait(false))
        {
            if (item.TryGetValue("through", out AttributeValue? through))
            {
                progress[item[SortKey].S] = long.Parse(through.S, CultureInfo.InvariantCulture);
            }

            if (item.ContainsKey("idle"))
            {
                idle.Add(item[SortKey].S);
            }
        }

        // An idle shard (at its tip, quiet for the idle timeout) counts as passed up to the others: at least one shard
        // must have passed the end itself, so a fleet of idle shards releases nothing none of them reached.
        return leases.All(l => l.IsFinished || idle.Contains(l.LeaseKey) || (progress.TryGetValue(l.LeaseKey, out long through) && through >= endTicks))
            && (progress.Values.Any(t => t >= endTicks) || leases.All(l => l.IsFinished));
    }

    private async Task<bool> ClaimAsync(string pk, string sk, Dictionary<string, AttributeValue>? seen, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        try
        {
            if (seen is null)
            {
                await _dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = _table,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [PartitionKey] = S(pk),
                        [SortKey] = S(sk),
                        ["state"] = S(ClaimedState),
                        ["owner"] = S(_workerId),
                        ["claimed_at"] = S(Instant(now)),
                    },
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken).ConfigureAwait(false);
                return true;
            }

            // A claim left by a worker that stopped before storing values: taken over once it is old enough.
            string claimedAt = seen["claimed_at"].S;
            if (now - DateTimeOffset.Parse(claimedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) < ClaimTimeout)
            {
                return false;
            }

            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(pk, sk),
                UpdateExpression = "SET #owner = :me, claimed_at = :now",
                ConditionExpression = "#state = :claimed AND claimed_at = :seen",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner", ["#state"] = "state" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":me"] = S(_workerId),
                    [":now"] = S(Instant(now)),
                    [":claimed"] = S(ClaimedState),
                    [":seen"] = S(claimedAt),
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> Entries(IReadOnlyList<PrivacyLedgerEntry> entries) =>
        new(StringComparer.Ordinal) { ["entries"] = Encoding.UTF8.GetString(PrivacyLedgerLines.Format(entries)) };

    /// <summary>Stores the outcome (and its <paramref name="attributes"/>), if this worker still holds the claim.</summary>
    private async Task<bool> SettleAsync(string pk, string sk, string state, Dictionary<string, string>? attributes, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue> { [":state"] = S(state), [":me"] = S(_workerId), [":claimed"] = S(ClaimedState) };
        string update = "SET #state = :state";
        foreach ((string name, string value) in attributes ?? [])
        {
            values[":" + name] = S(value);
            update += $", {name} = :{name}";
        }

        try
        {
            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(pk, sk),
                UpdateExpression = update,
                ConditionExpression = "#owner = :me AND #state = :claimed",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner", ["#state"] = "state" },
                ExpressionAttributeValues = values,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
