namespace StreamGuard.Producer.Generation;

/// <summary>The kinds of fraud the generator injects, each with its own signature.</summary>
internal enum FraudKind
{
    /// <summary>Several large online and grocery purchases late at night over one to three days.</summary>
    NightSpree,

    /// <summary>Tiny test charges within minutes, then large online purchases.</summary>
    CardTesting,

    /// <summary>A skimmed card used in person far from home.</summary>
    SkimmedFarAway,

    /// <summary>One or two purchases many times the card's usual amount.</summary>
    BigTicket,
}

/// <summary>A planned fraud episode on one customer's card.</summary>
internal sealed record FraudEpisode(SyntheticCustomer Customer, FraudKind Kind, DateTime Start, int Days);
