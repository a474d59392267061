using Microsoft.AspNetCore.Builder;

namespace Cairn.Web.Http;

/// <summary>
/// Headers that make the browser refuse what Cairn never does: run inline or third-party script,
/// be framed by another site, sniff content types, leak URLs in Referer. Pages load scripts and
/// styles from Cairn itself only (charts data travel in HTML-encoded attributes, not inline script).
/// The API reference at /docs is a third-party viewer with inline script, so it gets a policy of its own.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Public survey pages may be framed by any site (widget.js opens them in an overlay): they carry no session to steal.</summary>
    private const string SurveyPolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *";

    private const string DocsPolicy = "default-src 'self' 'unsafe-inline' data: blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (context.Request.Path.StartsWithSegments("/s"))
            {
                headers.ContentSecurityPolicy = SurveyPolicy;
                return next(context);
            }

            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") || context.Request.Path.StartsWithSegments("/scalar")
                ? DocsPolicy
                : ContentSecurityPolicy;
            return next(context);
        });
}
