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
        api.MapGet("/cases", (DashboardState state, string? type, string? severity, string? q, int? limit) =>
            Results.Json(state.Cases(type, severity, q?.Trim(), Math.Clamp(limit ?? 50, 1, MaxCases)), LiveViewJsonContext.Default.IReadOnlyListAlertCase));
        api.MapGet("/cases/newest", (DashboardState state) => state.NewestCase() is { } c
            ? Results.Json(c, LiveViewJsonContext.Default.AlertCase)
            : Error(StatusCodes.Status404NotFound, "No alert yet."));
        api.MapGet("/cases/{caseId}", (DashboardState state, string caseId) => state.Case(caseId) is { } c
            ? Results.Json(c, LiveViewJsonContext.Default.AlertCase)
            : Error(StatusCodes.Status404NotFound, $"No case \"{caseId}\" in the queue."));
        api.MapGet("/cards/{cardId}/history", (ConsoleDatabase db, DashboardState state, VerdictService verdicts, string cardId) =>
        {
            if (!db.Available)
            {
                return Unavailable();
            }

            return db.CardHistory(cardId, state.AlertThreshold) is { } history
                ? Results.Json(history with { Verdicts = verdicts.Read(cardId) }, LiveViewJsonContext.Default.CardHistory)
                : Error(StatusCodes.Status404NotFound, $"No transaction of card \"{cardId}\" is stored.");
        });
        api.MapGet("/customers/{customerId}", (ConsoleDatabase db, string customerId) =>
        {
            if (!db.Available)
            {
                return Unavailable();
            }

            return db.Customer(customerId.Trim()) is { } view
                ? Results.Json(view, LiveViewJsonContext.Default.CustomerView)
                : Error(StatusCodes.Status404NotFound, $"No customer (or more than one) has a pseudonym starting \"{customerId}\".");
        });
        api.MapGet("/verdicts", (VerdictService verdicts, string? cardId) => Results.Json(verdicts.Read(cardId), LiveViewJsonContext.Default.IReadOnlyListVerdictLine));
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
                return Results.Json(verdicts.Decide(body?.CaseId, body?.Verdict), LiveViewJsonContext.Default.VerdictResult);
            }
            catch (UserErrorException e)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }
        });
        return app;
    }

    private static IResult Unavailable() =>
        Error(StatusCodes.Status503ServiceUnavailable, "The embedded database is not there yet (starting, or aws mode, where drill-down reads are not available).");

    private static IResult Error(int status, string message) => Results.Json(new ApiError(message), LiveViewJsonContext.Default.ApiError, statusCode: status);
}
