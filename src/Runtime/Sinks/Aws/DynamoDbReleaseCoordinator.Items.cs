using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Aws;

// The table's items: reading partials and outcomes, and the key layout.
public sealed partial class DynamoDbReleaseCoordinator
{
    private async Task<WindowPartial> SumPartialsAsync(long startTicks, CancellationToken cancellationToken)
    {
        WindowPartial sum = WindowPartial.Empty(startTicks);
        foreach (Dictionary<string, AttributeValue> item in await QueryAllAsync(WindowKey(startTicks), "p|", cancellationToken).ConfigureAwait(false))
        {
            sum.Add(new WindowPartial(startTicks, Split(item["counts"].S), Split(item["cents"].S)));
        }

        return sum;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(string pk, string? sortPrefix, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var values = new Dictionary<string, AttributeValue> { [":pk"] = S(pk) };
        string condition = "pk = :pk";
        if (sortPrefix is not null)
        {
            values[":prefix"] = S(sortPrefix);
            condition += " AND begins_with(sk, :prefix)";
        }

        Dictionary<string, AttributeValue>? from = null;
        do
        {
            QueryResponse page = await _dynamo.QueryAsync(new QueryRequest
            {
                TableName = _table,
                ConsistentRead = true,
                KeyConditionExpression = condition,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = from,
            }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            from = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (from is not null);

        return items;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        GetItemResponse got = await _dynamo.GetItemAsync(new GetItemRequest { TableName = _table, Key = Key(pk, sk), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return got.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>The stored outcome of a window another worker (or an earlier run) settled; null while none is stored.</summary>
    private ReleaseOutcome? Settled(Dictionary<string, AttributeValue>? release)
    {
        string? state = release?.GetValueOrDefault("state")?.S;
        if (state == RefusedState)
        {
            return ReleaseOutcome.Refused;
        }

        if (state != Released)
        {
            return null;
        }

        string where = $"item {_table}/{release!["pk"].S}";
        PrivacyLedgerEntry[] entries = release["entries"].S.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => PrivacyLedgerLines.Parse(l, where)).ToArray();
        return new ReleaseOutcome(ReleaseState.Released, entries, DrawnHere: false, Publish: false);
    }

    private async Task CloseAsync(long startTicks, CancellationToken cancellationToken) =>
        await _dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = Key(_stream + "|open", Ticks(startTicks)) }, cancellationToken).ConfigureAwait(false);

    private string WindowKey(long startTicks) => _stream + "|w|" + Ticks(startTicks);

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Ticks(long ticks) => ticks.ToString("D20", CultureInfo.InvariantCulture);

    private static string Join(long[] values) => string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static long[] Split(string text) => text.Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { [PartitionKey] = S(pk), [SortKey] = S(sk) };

    private static AttributeValue S(string value) => new() { S = value };
}
