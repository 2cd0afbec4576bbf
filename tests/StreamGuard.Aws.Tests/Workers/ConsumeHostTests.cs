using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Model;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Leases;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>The `consume` worker's host as the command builds it, from configuration only, against the emulators.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ConsumeHostTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ConsumeHost_RecordsOnStream_ProcessesEveryOneAndHandsLeasesOverOnStop()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(30));
        await system.CreateAsync(shards: 2);
        List<TransactionEvent> events = TestEvents.Create(400, system.RunId);
        await system.ReplayAsync(events);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(system.ConsumeSettings("consume-host")).Build();

        using IHost host = ConsumeCommand.Build(configuration, new ConsumeWorkerSettings(TimeSpan.FromMilliseconds(200)));
        await host.StartAsync().WaitAsync(s_timeout);
        await Eventually.WaitAsync(async () => await system.CountTransactionsAsync() == events.Count, s_timeout, () => "every record in the transactions table");
        var table = new LeaseTable(system.Dynamo, system.Options.Leases.TableName);
        IReadOnlyList<Lease> held = await table.ListAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(2, held.Count(l => l.Owner == "consume-host"));

        // A graceful stop hands the leases over at once (the lease duration is 30 s: expiry would be too slow for this check).
        await host.StopAsync().WaitAsync(s_timeout);

        IReadOnlyList<Lease> after = await table.ListAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(2, after.Count);
        Assert.All(after, l => Assert.NotEqual("consume-host", l.Owner));
    }

    [Fact]
    public async Task ConsumeHost_InvalidStreamName_StartFailsNamingTheSetting()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(10));
        Dictionary<string, string?> settings = system.ConsumeSettings("consume-bad");
        settings[$"{AwsWorkerOptions.Section}:StreamName"] = "no spaces allowed";
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using IHost host = ConsumeCommand.Build(configuration);
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(s_timeout));
        Assert.Contains("StreamGuard:Aws:StreamName", e.Message, StringComparison.Ordinal);
    }
}
