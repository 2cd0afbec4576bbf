using System.Diagnostics;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Producer;

/// <summary>Runs the real Producer as a process (the way an operator does) and reads back what it put in a stream.</summary>
internal static class ProducerProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the Producer with <paramref name="args"/>; <paramref name="environment"/> is added to this process's environment.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(ProducerDll());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Every record of every shard, from the trim horizon, each with its shard id.</summary>
    public static async Task<List<(string ShardId, StreamRecord Record)>> ReadAllAsync(KinesisClient stream)
    {
        var records = new List<(string, StreamRecord)>();
        foreach (ShardDescription shard in await stream.ListShardsAsync(CancellationToken.None).WaitAsync(Timeout))
        {
            string? iterator = await stream.GetShardIteratorAsync(shard.ShardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);
            while (iterator is not null)
            {
                GetRecordsResult page = await stream.GetRecordsAsync(iterator, 10_000, CancellationToken.None).WaitAsync(Timeout);
                records.AddRange(page.Records.Select(r => (shard.ShardId, r)));
                iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
            }
        }

        return records;
    }

    public static string FindUpwards(string relative)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The Producer as built in its own folder: this test project's output shares the ASP.NET
    /// framework, which hides assemblies the Producer needs when started from here.
    /// </summary>
    private static string ProducerDll()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string dll = Path.Combine(Path.GetDirectoryName(FindUpwards("StreamGuard.sln"))!, "src", "Producer", "bin", configuration, "net10.0", "StreamGuard.Producer.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Producer first (dotnet test builds it).", dll);
    }
}
