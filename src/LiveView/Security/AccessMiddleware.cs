using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StreamGuard.LiveView.Extensions;

namespace StreamGuard.LiveView.Security;

/// <summary>
/// What every answer carries and every request must show: security headers (a CSP without inline
/// script), an Origin of this site for the API and the hub (no other site reads the frames, even
/// through DNS rebinding), and the access token when one is configured (required off loopback).
/// Host values are checked before this by ASP.NET Core's host filtering (400 for others).
/// </summary>
public sealed class AccessMiddleware
{
    public const string TokenCookie = "sg_access";
    public const string TokenQuery = "access_token";

    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly RequestDelegate _next;
    private readonly byte[]? _token;

    public AccessMiddleware(RequestDelegate next, IOptions<LiveViewOptions> options)
    {
        _next = next;
        _token = string.IsNullOrEmpty(options.Value.AccessToken) ? null : Encoding.UTF8.GetBytes(options.Value.AccessToken);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        PathString path = context.Request.Path;
        bool guarded = path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");
        if (guarded && !SameOrigin(context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Refused: this request comes from another site (Origin does not match).").ConfigureAwait(false);
            return;
        }

        if (_token is not null && !path.StartsWithSegments("/health"))
        {
            if (context.Request.Query.TryGetValue(TokenQuery, out var given) && Matches(given.ToString()) && !guarded)
            {
                // The page's link carries the token once; a cookie carries it from then on, off the address bar.
                context.Response.Cookies.Append(TokenCookie, given.ToString(), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/",
                });
                context.Response.Redirect(path.HasValue ? path.Value! : "/");
                return;
            }

            if (!Authorized(context.Request))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized,
                    $"StreamGuard LiveView needs its access token: open /?{TokenQuery}=<token>, or send \"Authorization: Bearer <token>\".").ConfigureAwait(false);
                return;
            }
        }

        await _next(context).ConfigureAwait(false);
    }

    private static bool SameOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            // Not a browser's cross-site request (browsers send Origin on those); the token still applies.
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private bool Authorized(HttpRequest request)
    {
        string? bearer = request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;
        return Matches(bearer)
            || Matches(request.Cookies[TokenCookie])
            || (request.Path.StartsWithSegments("/hubs") && Matches(request.Query[TokenQuery].ToString()));
    }

    private bool Matches(string? given) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}
