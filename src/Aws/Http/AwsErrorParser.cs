using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace StreamGuard.Aws.Http;

/// <summary>Turns AWS error answers (JSON 1.1 or Query XML) into typed exceptions.</summary>
internal static class AwsErrorParser
{
    /// <summary>AWS JSON: <c>{"__type":"ns#Code","message":"..."}</c>, or the x-amzn-ErrorType header.</summary>
    public static AwsServiceException FromJson(string service, HttpStatusCode status, byte[] body, string? errorTypeHeader, string? requestId)
    {
        string? code = errorTypeHeader;
        string? message = null;
        try
        {
            if (body.Length > 0)
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        if (property.NameEquals("__type") || (code is null && property.Name.Equals("code", StringComparison.OrdinalIgnoreCase)))
                        {
                            code = property.Value.GetString();
                        }
                        else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                        {
                            message = property.Value.GetString();
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = Snippet(body);
        }

        return Create(service, Normalise(code) ?? FallbackCode(status), message ?? Snippet(body), status, TypeFromStatus(status), requestId);
    }

    /// <summary>Query XML: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
    public static AwsServiceException FromXml(string service, HttpStatusCode status, byte[] body, string? requestId)
    {
        string? code = null, message = null, type = null;
        try
        {
            XDocument document = XDocument.Parse(Encoding.UTF8.GetString(body));
            XElement? error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = Child(error, "Code");
            message = Child(error, "Message");
            type = Child(error, "Type");
            requestId ??= document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
        }
        catch (XmlException)
        {
            message = Snippet(body);
        }

        AwsErrorType errorType = type switch
        {
            "Sender" => AwsErrorType.Sender,
            "Receiver" => AwsErrorType.Receiver,
            _ => TypeFromStatus(status),
        };
        return Create(service, code ?? FallbackCode(status), message ?? Snippet(body), status, errorType, requestId);
    }

    public static AwsServiceException Create(string service, string code, string message, HttpStatusCode status, AwsErrorType type, string? requestId) => code switch
    {
        "ResourceNotFoundException" or "NotFound" or "NotFoundException" or "NoSuchBucket" or "NoSuchKey" or "AWS.SimpleQueueService.NonExistentQueue"
            => new ResourceNotFoundException(service, code, message, status, type, requestId),
        "ResourceInUseException" => new ResourceInUseException(service, code, message, status, type, requestId),
        "ExpiredIteratorException" => new ExpiredIteratorException(service, code, message, status, type, requestId),
        "ProvisionedThroughputExceededException" => new ProvisionedThroughputExceededException(service, code, message, status, type, requestId),
        "InvalidArgumentException" or "InvalidParameter" or "InvalidParameterException" or "InvalidParameterValue" or "ValidationException" or "SerializationException"
            => new InvalidArgumentException(service, code, message, status, type, requestId),
        _ => new AwsServiceException(service, code, message, status, type, requestId),
    };

    private static string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    // "com.amazonaws.kinesis.v20131202#ResourceNotFoundException" and "Code:http://internal.amazon.com/..." both carry the bare code.
    private static string? Normalise(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        int hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        int colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? code[..colon] : code;
    }

    private static string FallbackCode(HttpStatusCode status) => (int)status >= 500 ? "InternalFailure" : "Http" + (int)status;

    private static AwsErrorType TypeFromStatus(HttpStatusCode status) => (int)status >= 500 ? AwsErrorType.Receiver : AwsErrorType.Sender;

    private static string Snippet(byte[] body) =>
        body.Length == 0 ? "(empty response)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
}
