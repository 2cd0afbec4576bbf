namespace StreamGuard.Scoring.Evaluation;

/// <summary>What the batch baselines know of one labelled event: its amount, time and card (as a small number).</summary>
internal readonly record struct BaselineEvent(double Amount, int Hour, int Weekday, int Card);
