using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using StreamGuard.Aws;
using StreamGuard.Aws.Signing;

namespace StreamGuard.Aws.Tests.Support;

/// <summary>Test-only SQS access over its JSON 1.0 protocol (there is no SQS SDK package here): create, ARN, receive.</summary>
public sealed class SqsTestClient(AwsClientContext context)
{
    private readonly AwsRequestSigner _signer = context.CreateSigner("sqs");
    private readonly Uri _endpoint = context.EndpointFor(AwsService.Sqs);

    public async Task<(string Url, string Arn)> CreateQueueAsync(string name)
    {
        JsonNode created = await CallAsync("CreateQueue", new JsonObject { ["QueueName"] = name });
        string url = created["QueueUrl"]!.GetValue<string>();
        JsonNode attributes = await CallAsync("GetQueueAttributes", new JsonObject { ["QueueUrl"] = url, ["AttributeNames"] = new JsonArray("QueueArn") });
        return (url, attributes["Attributes"]!["QueueArn"]!.GetValue<string>());
    }

    /// <summary>Long-polls until <paramref name="count"/> messages arrived or the deadline passed; returns what came.</summary>
    public async Task<List<JsonObject>> ReceiveAsync(string queueUrl, int count, TimeSpan deadline)
    {
        var messages = new List<JsonObject>();
        DateTime until = DateTime.UtcNow + deadline;
        while (messages.Count < count && DateTime.UtcNow < until)
        {
            JsonNode answer = await CallAsync("ReceiveMessage", new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MaxNumberOfMessages"] = 10,
                ["WaitTimeSeconds"] = 1,
                ["MessageAttributeNames"] = new JsonArray("All"),
            });
            foreach (JsonNode? message in answer["Messages"]?.AsArray() ?? [])
            {
                messages.Add(message!.AsObject());
            }
        }

        return messages;
    }

    private async Task<JsonNode> CallAsync(string action, JsonObject body)
    {
        byte[] payload = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
        await _signer.SignAsync(request, payload, CancellationToken.None);
        using HttpResponseMessage response = await context.Http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"SQS {action} failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }
}
