namespace StreamGuard.Privacy.Differential;

/// <summary>One transaction's bounded contribution: whether its person is new to the horizon, and what it adds to the count, the cents and the customer count of its category.</summary>
internal readonly record struct Contribution(bool NewPerson, long Count, long Cents, int Customer);
