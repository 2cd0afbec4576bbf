using StreamGuard.Aws;
using StreamGuard.Core.Streaming;
using StreamGuard.Plaid;
using StreamGuard.Plaid.Sync;
using StreamGuard.Producer.Output;

namespace StreamGuard.Producer.Plaid;

/// <summary>What `plaid sync` does.</summary>
internal static class PlaidSyncAction
{
    public static async Task<int> RunAsync(PlaidCommandContext context, PlaidCommonSettings common, PlaidSyncSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Interval <= TimeSpan.Zero)
        {
            await context.Error.WriteLineAsync("error: --interval must be a positive number of seconds.");
            return 1;
        }

        if (settings.IsKinesis && string.IsNullOrWhiteSpace(settings.Stream))
        {
            await context.Error.WriteLineAsync("error: --target kinesis needs --stream NAME.");
            return 2;
        }

        await using PlaidServices? services = await PlaidServices.TryCreateAsync(context, common.Environment, common.BaseUrl, common.StateDirectory);
        if (services is null)
        {
            return 1;
        }

        using KinesisTarget? kinesis = settings.IsKinesis ? await OpenKinesisAsync(context, settings.Stream!, cancellationToken) : null;
        if (settings.IsKinesis && kinesis is null)
        {
            return 2;
        }

        IStreamProducer target = kinesis?.Producer ?? context.CreateStdoutTarget();
        try
        {
            return await SyncAsync(context, services, settings, target, cancellationToken);
        }
        catch (Exception e) when (e is PlaidTokenKeyException or InvalidDataException)
        {
            // A wrong key or a damaged item file is the operator's to fix; say which, without a stack trace.
            await context.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }

    /// <summary>The stream, checked to exist and be active; null after saying why it cannot be used.</summary>
    private static async Task<KinesisTarget?> OpenKinesisAsync(PlaidCommandContext context, string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await KinesisTarget.OpenAsync(stream, options: null, context.Environment, context.Error, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or AwsServiceException or HttpRequestException)
        {
            await context.Error.WriteLineAsync("error: " + e.Message);
            return null;
        }
    }

    private static async Task<int> SyncAsync(
        PlaidCommandContext context, PlaidServices services, PlaidSyncSettings settings, IStreamProducer target, CancellationToken cancellationToken)
    {
        if ((await services.Store.ListAsync(cancellationToken)).Count == 0)
        {
            await context.Error.WriteLineAsync($"error: no linked Plaid items in {services.Store.FilePath}: run `plaid link` first.");
            return 1;
        }

        var deadLetters = new PlaidDeadLetterFile(Path.Combine(services.StateDirectory, PlaidServices.DeadLettersFileName));
        var committer = new StreamPlaidSyncCommitter(target, services.Store, deadLetters, services.Time, services.Logger<StreamPlaidSyncCommitter>());
        var runner = new PlaidSyncRunner(services.Syncer, services.Client, services.Store, committer, services.Time, services.Logger<PlaidSyncRunner>());
        var trigger = new PlaidSyncTrigger();

        using var verifier = new PlaidWebhookVerifier(services.Client, services.Time);
        PlaidWebhookListener? listener = null;
        if (settings.Follow && settings.WebhookPort is int port)
        {
            listener = new PlaidWebhookListener(port, trigger, verifier, services.Logger<PlaidWebhookListener>());
            listener.Start();
        }

        IReadOnlyList<PlaidSyncOutcome> outcomes;
        try
        {
            outcomes = await runner.RunAsync(settings.Follow, settings.Interval, settings.Refresh, trigger, cancellationToken);
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }
        }

        foreach (PlaidSyncOutcome outcome in outcomes)
        {
            await context.Error.WriteLineAsync(outcome.Succeeded
                ? $"item {outcome.ItemId}: {outcome.Added} added, {outcome.Modified} modified, {outcome.Removed} removed, {outcome.DeadLetters} dead letters ({outcome.UpdateStatus})"
                : $"item {outcome.ItemId}: {outcome.Error}");
        }

        return outcomes.All(o => o.Succeeded) ? 0 : 3;
    }
}
