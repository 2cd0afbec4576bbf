using StreamGuard.LiveView.Extensions;

await LiveViewApp.Create(args).RunAsync();
