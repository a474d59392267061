using Cairn.Core.Customers;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Surveys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary>
/// The pages a customer's personal links open: <c>/c/confirm</c> confirms their email address
/// (the second step of a double opt-in) and <c>/c/unsubscribe</c> stops program messages and
/// survey invitations (RFC 8058 one-click: the mail client POSTs with the token in the URL). A GET
/// only shows a button, since mail scanners fetch every link. An expired confirmation link says so
/// and changes nothing; an unsubscribe link never expires; a forged or unknown one is refused.
/// </summary>
public static class CustomerLinkPages
{
    private const string Invalid = "This link is not valid. Please use the link from our email exactly as it was sent.";

    public static void MapCustomerLinkPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/c/confirm", (string? t) => Ask(t, CustomerLinkToken.Confirm)).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/c/confirm", Confirm).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/c/unsubscribe", (string? t) => Ask(t, CustomerLinkToken.Unsubscribe)).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/c/unsubscribe", Unsubscribe).RequireRateLimiting(SignInThrottle.SurveyPolicy).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>The GET: the question and its button; the token is only checked for its shape here, the POST checks everything.</summary>
    private static IResult Ask(string? token, string purpose)
    {
        if (!CustomerLinkToken.TryRead(token, out var linkPurpose, out _) || linkPurpose != purpose)
        {
            return Page(Title(purpose), Invalid, StatusCodes.Status403Forbidden);
        }

        return purpose == CustomerLinkToken.Confirm
            ? Html(SurveyHtml.Ask("Confirm your email address", "Confirm that this is your email address and that we may send you surveys there?", "/c/confirm", token!, "Confirm", "en"))
            : Html(SurveyHtml.Ask("Unsubscribe", "Stop all surveys and messages about our improvements to you? You can ask us to start again at any time.", "/c/unsubscribe", token!, "Unsubscribe", "en"));
    }

    private static async Task<IResult> Confirm(HttpContext context, CairnStore store, string? t)
    {
        var link = await LinkAsync(context, store, t, CustomerLinkToken.Confirm);
        if (link is null)
        {
            return Page("Confirm your email address", Invalid, StatusCodes.Status403Forbidden);
        }

        if (link.ExpiresAt <= store.Time.GetUtcNow().UtcDateTime)
        {
            return Page("Confirm your email address", "This confirmation link has expired. Ask us for a new one and use it within 14 days.", StatusCodes.Status410Gone);
        }

        // Confirming an address also turns a pending consent into a granted one: that is what the customer was asked.
        var consent = await store.CustomerConsentAsync(link.WorkspaceId, link.CustomerId);
        var surveys = consent?.Surveys == ConsentState.Pending ? ConsentState.Granted : (ConsentState?)null;
        await store.SetCustomerConsentAsync(link.WorkspaceId, link.CustomerId, new ConsentChange(surveys, true, null, null), "confirmation link", "customer");
        await store.MarkCustomerLinkUsedAsync(link.Id);
        return Page("Confirm your email address", "Thank you: your email address is confirmed.", StatusCodes.Status200OK);
    }

    private static async Task<IResult> Unsubscribe(HttpContext context, CairnStore store, string? t)
    {
        var link = await LinkAsync(context, store, t, CustomerLinkToken.Unsubscribe);
        if (link is null)
        {
            return Page("Unsubscribe", Invalid, StatusCodes.Status403Forbidden);
        }

        await store.SetCustomerConsentAsync(link.WorkspaceId, link.CustomerId, new ConsentChange(ConsentState.Withdrawn, null, null, null), "unsubscribe link", "customer");
        await store.MarkCustomerLinkUsedAsync(link.Id);
        return Page("Unsubscribe", "You are unsubscribed: we will not send you surveys or messages about our improvements again.", StatusCodes.Status200OK);
    }

    /// <summary>The link behind the token in the URL (RFC 8058) or the confirmation form's field, if it is genuine and for this purpose.</summary>
    private static async Task<CustomerLink?> LinkAsync(HttpContext context, CairnStore store, string? query, string purpose)
    {
        var token = query ?? (context.Request.HasFormContentType && (await context.Request.ReadFormAsync()).TryGetValue("t", out var field) ? field.ToString() : null);
        return await store.CustomerLinkAsync(token) is { } link && link.Purpose == purpose ? link : null;
    }

    private static string Title(string purpose) => purpose == CustomerLinkToken.Confirm ? "Confirm your email address" : "Unsubscribe";

    private static IResult Page(string title, string text, int status) => Html(SurveyHtml.Message(title, text, "en"), status);

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", null, status);
}
