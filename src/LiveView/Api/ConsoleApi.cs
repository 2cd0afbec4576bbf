using StreamGuard.Core;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Services;

namespace StreamGuard.LiveView.Api;

/// <summary>
/// The console's HTTP API under /api: what the page shows, with the frames' JSON field names. The
/// page uses it for drill-down (cases, card history, customer view, verdicts); SignalR carries the live frames.
/// </summary>
public static class ConsoleApi
{
    private const int MaxCases = 200;

    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapGet("/frame", (DashboardState state) => Results.Json(state.Frame(), LiveViewJsonContext.Default.DashboardFrame));
        api.MapGet("/health", (DashboardState state) => Results.Json(state.Health(), LiveViewJsonContext.Default.IReadOnlyListHealthPoint));
        api.MapGet("/health/shards", (DashboardState state) => Results.Json(state.CurrentShardLag(), LiveViewJsonContext.Default.IReadOnlyListShardLag));
        api.MapGet("/cases", (DashboardState state, string? type, string? severity, string? q, int? limit) =>
            Results.Json(state.Cases(type, severity, q?.Trim(), Math.Clamp(limit ?? 50, 1, MaxCases)), LiveViewJsonContext.Default.IReadOnlyListAlertCase));
        api.MapGet("/cases/newest", (DashboardState state) => state.NewestCase() is { } c
            ? Results.Json(c, LiveViewJsonContext.Default.AlertCase)
            : Error(StatusCodes.Status404NotFound, "No alert yet."));
        api.MapGet("/cases/{caseId}", (DashboardState state, string caseId) => state.Case(caseId) is { } c
            ? Results.Json(c, LiveViewJsonContext.Default.AlertCase)
            : Error(StatusCodes.Status404NotFound, $"No case \"{caseId}\" in the queue."));
        api.MapGet("/cards/{cardId}/history", async (IConsoleReader db, DashboardState state, VerdictService verdicts, string cardId, CancellationToken ct) =>
        {
            if (!db.Available)
            {
                return Unavailable();
            }

            return await db.CardHistoryAsync(cardId, state.AlertThreshold, ct).ConfigureAwait(false) is { } history
                ? Results.Json(history with { Verdicts = await verdicts.ReadAsync(cardId, ct).ConfigureAwait(false) }, LiveViewJsonContext.Default.CardHistory)
                : Error(StatusCodes.Status404NotFound, $"No transaction of card \"{cardId}\" is stored.");
        });
        api.MapGet("/customers/{customerId}", async (IConsoleReader db, string customerId, CancellationToken ct) =>
        {
            if (!db.Available)
            {
                return Unavailable();
            }

            return await db.CustomerAsync(customerId.Trim(), ct).ConfigureAwait(false) is { } view
                ? Results.Json(view, LiveViewJsonContext.Default.CustomerView)
                : Error(StatusCodes.Status404NotFound, $"No customer (or more than one) has a pseudonym starting \"{customerId}\".");
        });
        api.MapGet("/verdicts", async (VerdictService verdicts, string? cardId, CancellationToken ct) =>
            Results.Json(await verdicts.ReadAsync(cardId, ct).ConfigureAwait(false), LiveViewJsonContext.Default.IReadOnlyListVerdictLine));
        api.MapPost("/verdicts", async (HttpRequest request, VerdictService verdicts) =>
        {
            VerdictRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync(LiveViewJsonContext.Default.VerdictRequest).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                return Error(StatusCodes.Status400BadRequest, "The body must be JSON: {\"caseId\": \"card:…\", \"verdict\": \"fraud\" | \"not fraud\"}.");
            }
            catch (InvalidOperationException)
            {
                return Error(StatusCodes.Status415UnsupportedMediaType, "Send the verdict as application/json.");
            }

            try
            {
                return Results.Json(await verdicts.DecideAsync(body?.CaseId, body?.Verdict, request.HttpContext.RequestAborted).ConfigureAwait(false), LiveViewJsonContext.Default.VerdictResult);
            }
            catch (UserErrorException e)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }
        });
        return app;
    }

    private static IResult Unavailable() =>
        Error(StatusCodes.Status503ServiceUnavailable, "The embedded database is not there yet (the pipeline is starting): try again in a moment.");

    private static IResult Error(int status, string message) => Results.Json(new ApiError(message), LiveViewJsonContext.Default.ApiError, statusCode: status);
}
