using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Pipeline.Stages;

/// <summary>Checks decoded events for values no later stage can work with, and dead-letters them with the reason.</summary>
public sealed class ValidateStage : IPipelineStage
{
    private const int MaxIdLength = 128;
    private static readonly decimal s_maxAmount = 10_000_000m;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxFutureSkew;

    public ValidateStage(TimeProvider time, TimeSpan maxFutureSkew)
    {
        _time = time;
        _maxFutureSkew = maxFutureSkew;
    }

    public string Name => "validate";

    public void Process(RecordBatch batch)
    {
        DateTimeOffset latest = _time.GetUtcNow() + _maxFutureSkew;
        foreach (PipelineItem item in batch.Items)
        {
            if (item.Event is not { } e || item.DeadLetter is not null)
            {
                continue;
            }

            string? problem = Problem(e, latest);
            if (problem is not null)
            {
                item.DeadLetter = PipelineDeadLetters.For(batch, item, Name, problem);
                item.Event = null;
            }
        }
    }

    internal static string? Problem(TransactionEvent e, DateTimeOffset latest)
    {
        if (string.IsNullOrWhiteSpace(e.TransactionId) || e.TransactionId.Length > MaxIdLength)
        {
            return $"transaction_id must have 1 to {MaxIdLength} characters";
        }

        if (string.IsNullOrWhiteSpace(e.AccountId))
        {
            return "account_id (the card or account) is empty";
        }

        // Records from a stream other producers write to get the readers' limits too: nothing over-long
        // or holding a control character reaches the archive.
        if (TextFieldLimits.Problems(e) is { } textProblems)
        {
            return textProblems;
        }

        if (e.Change == ChangeKind.Removed)
        {
            return null;
        }

        if (Math.Abs(e.Amount) > s_maxAmount)
        {
            return $"amount {e.Amount} is beyond the plausible range (±{s_maxAmount})";
        }

        if (e.Currency.Length != 3 || e.Currency.AsSpan().ContainsAnyExceptInRange('A', 'Z'))
        {
            return $"currency {TextFieldLimits.Shown(e.Currency)} is not an ISO 4217 code";
        }

        if (e.EventTime > latest)
        {
            return $"event_time {e.EventTime:O} is in the future";
        }

        if (e.EventTime.Year < 1990)
        {
            return $"event_time {e.EventTime:O} is before 1990";
        }

        return string.IsNullOrWhiteSpace(e.Merchant) ? "merchant is empty" : null;
    }
}
