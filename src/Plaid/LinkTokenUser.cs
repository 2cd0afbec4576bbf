namespace StreamGuard.Plaid;

/// <summary>The end user a link token is made for, by our own stable id for them.</summary>
public sealed record LinkTokenUser(string ClientUserId);
