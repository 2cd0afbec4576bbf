using StreamGuard.LiveView.Extensions;

return await LiveViewApp.RunAsync(args);
