using System.CommandLine;
using StreamGuard.Producer.Plaid;

namespace StreamGuard.Producer.Commands;

/// <summary>`plaid link`, `plaid link-token` and `plaid sync`: Plaid as a live source.</summary>
internal static class PlaidCommand
{
    public const string DefaultInstitution = "ins_109508";

    public static Command Create() => Create(PlaidCommandContext.Default);

    public static Command Create(PlaidCommandContext context) =>
        new("plaid", "Link bank accounts through Plaid and stream their transactions, corrections included.")
        {
            CreateLink(context),
            CreateLinkToken(context),
            CreateSync(context),
        };

    private static Command CreateLink(PlaidCommandContext context)
    {
        var common = new PlaidCommonOptions();
        var institution = new Option<string>("--institution") { Description = "Sandbox institution to link (sandbox only).", DefaultValueFactory = _ => DefaultInstitution };
        var publicToken = new Option<string?>("--public-token") { Description = "A public token from Plaid Link to exchange (any environment) instead of creating a sandbox one." };
        var webhook = PlaidCommonOptions.UrlOption("--webhook", "Webhook URL Plaid should call for this item (sandbox public token only).");
        var sandboxUser = new Option<string?>("--sandbox-user") { Description = "Sandbox test user, e.g. user_transactions_dynamic (pending transactions that post and change on /transactions/refresh)." };
        var userId = new Option<string?>("--user-id") { Description = "Your stable id for the person linking (the link-token's --user-id): every Item of one person is then one customer, the privacy unit. Without it each Item is a person." };
        var command = new Command("link", "Link an item: in the sandbox, create a public token for a test institution and exchange it. Prints the item id; the access token is stored encrypted.")
        {
            institution, publicToken, webhook, sandboxUser, userId,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => PlaidLinkAction.LinkAsync(
            context,
            common.Read(parse),
            new PlaidLinkSettings(parse.GetValue(institution)!, parse.GetValue(publicToken), parse.GetValue(webhook), parse.GetValue(sandboxUser), parse.GetValue(userId)),
            cancellationToken));
        return command;
    }

    private static Command CreateLinkToken(PlaidCommandContext context)
    {
        var common = new PlaidCommonOptions();
        var user = new Option<string>("--user-id") { Description = "Your stable id for the end user.", DefaultValueFactory = _ => "streamguard-user" };
        var webhook = PlaidCommonOptions.UrlOption("--webhook", "Webhook URL Plaid should call for the item.");
        var command = new Command("link-token", "Create a Link token (for Plaid Link in a browser; exchange its public token with `plaid link --public-token`).")
        {
            user, webhook,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => PlaidLinkAction.CreateLinkTokenAsync(
            context, common.Read(parse), parse.GetValue(user)!, parse.GetValue(webhook), cancellationToken));
        return command;
    }

    private static Command CreateSync(PlaidCommandContext context)
    {
        var common = new PlaidCommonOptions();
        var target = new Option<string>("--target") { Description = "Where the TransactionEvent JSON goes.", DefaultValueFactory = _ => "stdout" };
        target.AcceptOnlyFromAmong("stdout", "kinesis");
        var follow = new Option<bool>("--follow") { Description = "Keep syncing every --interval, and when a webhook asks." };
        var interval = new Option<int>("--interval") { Description = "Seconds between polls with --follow.", DefaultValueFactory = _ => 60 };
        var webhookPort = new Option<int?>("--webhook-port") { Description = "With --follow, accept Plaid's SYNC_UPDATES_AVAILABLE webhook on http://127.0.0.1:<port>/." };
        var refresh = new Option<bool>("--refresh") { Description = "Call /transactions/refresh before the first sync." };
        var stream = new Option<string?>("--stream") { Description = "Kinesis stream name (with --target kinesis; region and endpoint from Aws__Region, Aws__KinesisServiceUrl or AWS_REGION)." };
        var command = new Command("sync", "Sync every linked item with /transactions/sync and stream added, modified and removed transactions.")
        {
            target, stream, follow, interval, webhookPort, refresh,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => PlaidSyncAction.RunAsync(
            context,
            common.Read(parse),
            new PlaidSyncSettings(
                parse.GetValue(target)!, parse.GetValue(follow), TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(webhookPort), parse.GetValue(refresh), parse.GetValue(stream)),
            cancellationToken));
        return command;
    }
}
