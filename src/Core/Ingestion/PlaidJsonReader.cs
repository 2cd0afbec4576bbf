using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Ingestion.Plaid;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Reads Plaid transactions from a /transactions/get or /transactions/sync response, or from a
/// bare array of transaction objects. Each element is read on its own, so one bad element
/// becomes a dead letter and the rest still flow.
/// </summary>
public sealed class PlaidJsonReader
{
    private readonly string _origin;
    private readonly TimeProvider _time;

    // The response's item.item_id, when it has one: the person all its accounts belong to.
    private CustomerIdentity? _person;

    public PlaidJsonReader(string origin, TimeProvider? time = null)
    {
        _origin = origin;
        _time = time ?? TimeProvider.System;
    }

    public IEnumerable<ReadOutcome> Read(Stream json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputFormatException($"{_origin} is not valid JSON: {e.Message}", e);
        }

        return ReadDocument(document);
    }

    private IEnumerable<ReadOutcome> ReadDocument(JsonDocument document)
    {
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (ReadOutcome outcome in ReadTransactions(root, "", ChangeKind.Added))
                {
                    yield return outcome;
                }

                yield break;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputFormatException($"{_origin}: expected a Plaid response object or an array of transactions, found {root.ValueKind}.");
            }

            _person = root.TryGetProperty("item", out JsonElement item) && item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("item_id", out JsonElement itemId) && itemId.ValueKind == JsonValueKind.String && itemId.GetString() is { Length: > 0 } id
                ? PlaidTransactionMapper.PersonOfItem(id)
                : null;
            bool any = false;
            foreach ((string property, ChangeKind change) in new[] { ("transactions", ChangeKind.Added), ("added", ChangeKind.Added), ("modified", ChangeKind.Modified) })
            {
                if (root.TryGetProperty(property, out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                {
                    any = true;
                    foreach (ReadOutcome outcome in ReadTransactions(list, property, change))
                    {
                        yield return outcome;
                    }
                }
            }

            if (root.TryGetProperty("removed", out JsonElement removed) && removed.ValueKind == JsonValueKind.Array)
            {
                any = true;
                int index = 0;
                foreach (JsonElement element in removed.EnumerateArray())
                {
                    yield return ReadRemoved(element, index++);
                }
            }

            if (!any)
            {
                throw new InputFormatException($"{_origin}: a Plaid response needs a 'transactions' array (/transactions/get) or 'added'/'modified'/'removed' arrays (/transactions/sync).");
            }
        }
    }

    private IEnumerable<ReadOutcome> ReadTransactions(JsonElement list, string property, ChangeKind change)
    {
        int index = 0;
        foreach (JsonElement element in list.EnumerateArray())
        {
            string position = Position(property, index++);
            if (TooLong(element) is { } tooLong)
            {
                yield return ReadOutcome.Failed(new DeadLetter(_origin, position, "read", tooLong, TextFieldLimits.Payload(element.GetRawText())));
                continue;
            }

            PlaidTransaction? transaction;
            string? problem;
            try
            {
                transaction = element.Deserialize(PlaidTransactionJsonContext.Default.PlaidTransaction);
                problem = transaction is null ? "the element is null" : null;
            }
            catch (JsonException e)
            {
                transaction = null;
                problem = $"the element is not a Plaid transaction: {e.Message}";
            }

            TransactionEvent? mapped = transaction is null ? null : PlaidTransactionMapper.TryMap(transaction, change, out problem);
            yield return Checked(mapped, problem, position, element);
        }
    }

    private ReadOutcome ReadRemoved(JsonElement element, int index)
    {
        string position = Position("removed", index);
        try
        {
            PlaidRemovedTransaction? removed = element.Deserialize(PlaidTransactionJsonContext.Default.PlaidRemovedTransaction);
            string? problem = "the element is null";
            TransactionEvent? mapped = removed is null ? null : PlaidTransactionMapper.TryMapRemoved(removed, _time.GetUtcNow(), out problem);
            return Checked(mapped, problem, position, element);
        }
        catch (JsonException e)
        {
            return ReadOutcome.Failed(new DeadLetter(_origin, position, "read", $"the element is not a removed-transaction entry: {e.Message}", TextFieldLimits.Payload(element.GetRawText())));
        }
    }

    /// <summary>A dead letter for an unmapped element, or for a mapped one whose text fields break the limits; else the event.</summary>
    private ReadOutcome Checked(TransactionEvent? mapped, string? problem, string position, JsonElement element)
    {
        problem = mapped is null ? problem ?? "the element could not be read" : TextFieldLimits.Problems(mapped);
        if (mapped is not null && _person is not null)
        {
            mapped = mapped with { Customer = _person };
        }

        return problem is null
            ? ReadOutcome.Ok(mapped!)
            : ReadOutcome.Failed(new DeadLetter(_origin, position, "read", problem, TextFieldLimits.Payload(element.GetRawText())));
    }

    private static string? TooLong(JsonElement element)
    {
        // The raw text is what the element costs as a record; measure it before mapping anything.
        int length = element.GetRawText().Length;
        return length > TextFieldLimits.MaxRowLength ? TextFieldLimits.RowTooLong(length).Replace("the row", "the element", StringComparison.Ordinal) : null;
    }

    private static string Position(string property, int index) =>
        property.Length == 0 ? $"[{index.ToString(CultureInfo.InvariantCulture)}]" : $"{property}[{index.ToString(CultureInfo.InvariantCulture)}]";
}
