using System.Text.Json.Nodes;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>A request the fake Plaid server received, as sent.</summary>
internal sealed record RecordedPlaidRequest(string Endpoint, string Method, string? ContentType, string? PlaidVersion, string Body)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;
}
