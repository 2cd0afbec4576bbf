using Amazon;
using Amazon.DynamoDBv2;
using Amazon.S3;
using StreamGuard.Aws;
using StreamGuard.Aws.Http;

namespace StreamGuard.Runtime.Hosting;

/// <summary>AWSSDK clients for S3 and DynamoDB from the same context as the thin clients: one region, one credential chain, the same endpoint overrides.</summary>
public static class AwsSdkClients
{
    public static AmazonDynamoDBClient DynamoDb(AwsClientContext context)
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = context.Options.MaxRetryAttempts, Timeout = context.Options.RequestTimeout, HttpClientFactory = new CountingHttpClientFactory(context.Metrics, "dynamodb") };
        string? url = context.Options.DynamoDbServiceUrl;
        if (url is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(context.Region);
        }
        else
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = context.Region;
        }

        return new AmazonDynamoDBClient(context.Credentials, config);
    }

    public static AmazonS3Client S3(AwsClientContext context)
    {
        var config = new AmazonS3Config { MaxErrorRetry = context.Options.MaxRetryAttempts, Timeout = context.Options.RequestTimeout, HttpClientFactory = new CountingHttpClientFactory(context.Metrics, "s3") };
        string? url = context.Options.S3ServiceUrl;
        if (url is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(context.Region);
        }
        else
        {
            // Emulators answer on one host: bucket in the path, not in the host name.
            config.ServiceURL = url;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = context.Region;
        }

        return new AmazonS3Client(context.Credentials, config);
    }
}
