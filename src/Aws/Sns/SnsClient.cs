using System.Text;
using System.Xml.Linq;
using StreamGuard.Aws.Http;

namespace StreamGuard.Aws.Sns;

/// <summary>A thin SNS client on the Query protocol (form-encoded POST, XML answers): Publish with string attributes, CreateTopic, Subscribe.</summary>
public sealed class SnsClient
{
    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private const string Version = "2010-03-31";

    private readonly AwsHttpTransport _transport;

    public SnsClient(AwsClientContext context)
    {
        _transport = new AwsHttpTransport(context, AwsService.Sns, "sns", xmlErrors: true);
    }

    public Uri Endpoint => _transport.Endpoint;

    /// <summary>Publishes a message; each attribute is sent as a String message attribute so subscribers can filter on it. Returns the MessageId.</summary>
    public async Task<string> PublishAsync(string topicArn, string message, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicArn);
        ArgumentNullException.ThrowIfNull(message);
        var form = new List<KeyValuePair<string, string>> { new("TopicArn", topicArn), new("Message", message) };
        int n = 0;
        foreach (KeyValuePair<string, string> attribute in attributes ?? new Dictionary<string, string>())
        {
            n++;
            string prefix = $"MessageAttributes.entry.{n}.";
            form.Add(new(prefix + "Name", attribute.Key));
            form.Add(new(prefix + "Value.DataType", "String"));
            form.Add(new(prefix + "Value.StringValue", attribute.Value));
        }

        XDocument answer = await CallAsync("Publish", form, cancellationToken).ConfigureAwait(false);
        return Required(answer, "MessageId", "Publish");
    }

    /// <summary>Creates the topic, or returns the existing one's ARN (CreateTopic is idempotent).</summary>
    public async Task<string> CreateTopicAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        XDocument answer = await CallAsync("CreateTopic", [new("Name", name)], cancellationToken).ConfigureAwait(false);
        return Required(answer, "TopicArn", "CreateTopic");
    }

    /// <summary>Subscribes an endpoint (e.g. protocol <c>sqs</c> and a queue ARN); returns the SubscriptionArn.</summary>
    public async Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string>? subscriptionAttributes, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("TopicArn", topicArn), new("Protocol", protocol), new("Endpoint", endpoint), new("ReturnSubscriptionArn", "true") };
        int n = 0;
        foreach (KeyValuePair<string, string> attribute in subscriptionAttributes ?? new Dictionary<string, string>())
        {
            n++;
            form.Add(new($"Attributes.entry.{n}.key", attribute.Key));
            form.Add(new($"Attributes.entry.{n}.value", attribute.Value));
        }

        XDocument answer = await CallAsync("Subscribe", form, cancellationToken).ConfigureAwait(false);
        return Required(answer, "SubscriptionArn", "Subscribe");
    }

    private async Task<XDocument> CallAsync(string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("Action=").Append(action).Append("&Version=").Append(Version);
        foreach (KeyValuePair<string, string> parameter in parameters)
        {
            body.Append('&').Append(Uri.EscapeDataString(parameter.Key)).Append('=').Append(Uri.EscapeDataString(parameter.Value));
        }

        byte[] payload = await _transport.PostAsync(action, Encoding.UTF8.GetBytes(body.ToString()), ContentType, null, cancellationToken).ConfigureAwait(false);
        return XDocument.Parse(Encoding.UTF8.GetString(payload));
    }

    private static string Required(XDocument answer, string element, string action) =>
        answer.Descendants().FirstOrDefault(e => e.Name.LocalName == element)?.Value
        ?? throw new AwsServiceException($"SNS {action} answered without a {element}.");
}
