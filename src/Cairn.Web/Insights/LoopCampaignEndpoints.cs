using System.Globalization;
using Cairn.Core.Exports;
using Cairn.Core.Ingestion;
using Cairn.Core.Outbound;
using Cairn.Storage;
using Cairn.Storage.Initiatives;
using Cairn.Web.Access;
using Cairn.Web.Http;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Insights;

/// <summary>
/// <c>POST /api/v1/loop-campaigns[/preview]</c>: what was done (an initiative, an insight, or themes),
/// the period in which customers raised it, and the message (defaults are written from the initiative).
/// </summary>
public sealed record LoopCampaignRequest(long? InitiativeId, long? InsightId, IReadOnlyList<string>? Themes, string? Since, string? Until, bool? NegativeOnly,
    string? Subject, string? Body);

/// <summary>One customer's message as it would be sent.</summary>
public sealed record LoopSample(string CustomerId, string To, string Subject, string Body);

/// <summary>Who raised the issue, who of them can be told and why the rest cannot, and the first messages as they would read.</summary>
public sealed record LoopPreview(long Raised, long Reachable, long NoEmail, long NoConsent, long AlreadyTold, IReadOnlyList<long> Themes, IReadOnlyList<long> Insights,
    DateTime Since, DateTime Until, string Subject, string Body, IReadOnlyList<LoopSample> Samples);

/// <summary>
/// Program-level loop closing, "you said, we did": the customers whose feedback raised an issue are
/// told, in their own words, what was done about it. The audience is the customers with negative
/// feedback on the initiative's themes (or the themes named) in the period, plus the customers quoted
/// in its insights; consent is respected (withdrawn, not granted where required, unconfirmed email
/// under double opt-in), and nobody is told twice about the same initiative. Each message carries a
/// one-click unsubscribe link. Messages wait in the outbox and go out when SMTP is configured.
/// </summary>
public static class LoopCampaignEndpoints
{
    private const int Samples = 3;

    private sealed record Plan(LoopAudienceQuery Query, string Subject, string Body);

    public static RouteGroupBuilder MapLoopCampaignApi(this RouteGroupBuilder api)
    {
        var loops = api.MapGroup("/loop-campaigns").WithTags("Insights");
        loops.MapGet("", async (HttpContext c, CairnStore s, long? initiative) => TypedResults.Ok(await s.LoopCampaignsAsync(c.User.WorkspaceId(), initiative)))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithName("ListLoopCampaigns")
            .WithSummary("\"You said, we did\" campaigns, newest first (optionally of one initiative): audience, who was skipped and why, and how many messages are queued, sent, failed or unsent.")
            .Produces<IReadOnlyList<LoopCampaignRow>>();
        loops.MapGet("/{id:long}/messages", Messages).RequireAuthorization(CairnClaims.PlanPolicy).WithName("LoopCampaignMessages")
            .WithSummary("The campaign's messages as CSV (customer_id, to, subject, body, status, error, sent_at, unsubscribe_link), to send another way when SMTP is not configured. Cells are neutralised against spreadsheet formulas.")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);
        loops.MapPost("/preview", Preview).RequireAuthorization(CairnClaims.PlanPolicy).WithName("PreviewLoopCampaign")
            .WithSummary("Who raised the issue and who can be told, with the first messages as they would read; nothing is written. Body as for creating.")
            .Accepts<LoopCampaignRequest>("application/json").Produces<LoopPreview>().ProducesProblem(422);
        loops.MapPost("", Create).RequireAuthorization(CairnClaims.PlanPolicy).WithName("CreateLoopCampaign")
            .WithSummary("Writes a \"you said, we did\" message to every customer who raised the issue and can be told: {initiativeId | insightId | themes: [names], since, until (yyyy-MM-dd; default the last 365 days), negativeOnly (default true), subject, body}. {{name}} and {{you_said}} (the customer's own words) are filled in per customer. Messages are stored before the answer; 422 when nobody can be told.")
            .Accepts<LoopCampaignRequest>("application/json").Produces<LoopCampaignRow>(201).ProducesProblem(422);
        return api;
    }

    public static IEndpointRouteBuilder MapLoopCampaignForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/initiatives/{id:long}/tell", async (HttpContext c, CairnStore s, CairnWebOptions o, long id) =>
        {
            var f = await c.Request.ReadFormAsync();
            var request = new LoopCampaignRequest(id, null, null, Blank(f["since"]), Blank(f["until"]), f["negativeOnly"] != "false", f["subject"], f["body"]);
            return FormRedirect.Back($"/initiatives/{id}", await Create(c, s, o, request), "told", "1");
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The message an analyst starts from, written from what was done.</summary>
    public static (string Subject, string Body) DefaultMessage(InitiativeRow? initiative, InsightRow? insight, IReadOnlyList<string> themes)
    {
        var what = initiative?.Title ?? insight?.Title ?? string.Join(", ", themes);
        var detail = initiative?.Description ?? insight?.Finding;
        var done = string.IsNullOrWhiteSpace(detail) ? "." : $": {detail.Trim()}";
        return ($"You said, we did: {what}", $$$"""
            Hi {{name}},

            You told us {{you_said}}

            We listened. {{{what}}}{{{done}}}

            Thank you for taking the time to tell us. It made a difference, and we would like to hear how it works for you now.
            """);
    }

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    private static async Task<IResult> Messages(HttpContext context, CairnStore store, long id)
    {
        var workspaceId = context.User.WorkspaceId();
        if ((await store.LoopCampaignsAsync(workspaceId)).All(c => c.Id != id))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Campaign not found", $"no loop-closing campaign {id} in this workspace");
        }

        var rows = await store.LoopMessagesAsync(workspaceId, id);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "customer_id", "to", "subject", "body", "status", "error", "sent_at", "unsubscribe_link" })
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var cell in new[] { r.CustomerId, r.Recipient, r.Subject, r.Body, r.Status, r.Error, r.SentAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), r.UnsubscribeUrl })
                {
                    csv.WriteField(SpreadsheetSafe.Cell(cell));
                }

                await csv.NextRecordAsync();
            }
        }

        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"loop-campaign-{id}.csv");
    }

    private static async Task<IResult> Preview(HttpContext context, CairnStore store, LoopCampaignRequest? body)
    {
        var (plan, audience, problem) = await AudienceAsync(store, context.User.WorkspaceId(), body);
        if (problem is not null)
        {
            return problem;
        }

        var origin = Origin.Of(context);
        var samples = audience.Reachable.Take(Samples)
            .Select(r => (r, Render(plan, r, "TOKEN", origin)))
            .Select(x => new LoopSample(x.r.CustomerId, x.r.Email!, x.Item2.Subject, x.Item2.Body)).ToList();
        return TypedResults.Ok(new LoopPreview(audience.Raised, audience.Reachable.Count, audience.NoEmail, audience.NoConsent, audience.AlreadyTold,
            audience.ThemeIds, audience.InsightIds, plan.Query.Since, plan.Query.Until, plan.Subject, plan.Body, samples));
    }

    private static async Task<IResult> Create(HttpContext context, CairnStore store, CairnWebOptions options, LoopCampaignRequest? body)
    {
        var workspaceId = context.User.WorkspaceId();
        var (plan, problem) = await PlanAsync(store, workspaceId, body);
        if (plan is null)
        {
            return problem!;
        }

        var origin = Origin.Of(context);
        var (id, audience) = await store.CreateLoopCampaignAsync(workspaceId, plan.Query, plan.Subject, plan.Body, (r, token) => Render(plan, r, token, origin),
            options.Smtp is not null, AccessEndpoints.Actor(context));
        if (audience.ThemeIds.Count == 0 && audience.InsightIds.Count == 0)
        {
            return NothingToFind();
        }

        if (id == 0)
        {
            return Problems.Unprocessable("Nobody to tell", [new ItemError(0, "audience",
                $"{audience.Raised:N0} customers raised this; {audience.NoEmail:N0} have no email address, {audience.NoConsent:N0} may not be contacted, {audience.AlreadyTold:N0} were already told")]);
        }

        var row = (await store.LoopCampaignsAsync(workspaceId)).Single(c => c.Id == id);
        return TypedResults.Created($"/api/v1/loop-campaigns/{id}", row);
    }

    /// <summary>The checked request and who raised the issue; a problem when the request is refused or names nothing to find them by.</summary>
    private static async Task<(Plan Plan, LoopAudience Audience, IResult? Problem)> AudienceAsync(CairnStore store, long workspaceId, LoopCampaignRequest? body)
    {
        var (plan, problem) = await PlanAsync(store, workspaceId, body);
        if (plan is null)
        {
            return (null!, null!, problem);
        }

        var audience = await store.LoopAudienceAsync(workspaceId, plan.Query);
        return (plan, audience, audience.ThemeIds.Count == 0 && audience.InsightIds.Count == 0 ? NothingToFind() : null);
    }

    private static IResult NothingToFind() => Problems.Unprocessable("Nothing to find the customers by", [new ItemError(0, "themes",
        "the initiative links no theme and no insight quotes a customer: name the themes the customers raised, or save an insight with their verbatims")]);

    private static LoopMessage Render(Plan plan, LoopRecipient recipient, string token, string origin)
    {
        var unsubscribe = $"{origin}/c/unsubscribe?t={token}";
        var body = LoopMessageTemplate.Render(plan.Body, recipient.Name, recipient.Quote)
            + $"\n\n--\nYou receive this because you gave us feedback. To stop surveys and messages like this one: {unsubscribe}";
        return new LoopMessage(LoopMessageTemplate.Render(plan.Subject, recipient.Name, recipient.Quote), body, unsubscribe);
    }

    /// <summary>Checks the request and fills the defaults; a problem when it is refused.</summary>
    private static async Task<(Plan? Plan, IResult? Problem)> PlanAsync(CairnStore store, long workspaceId, LoopCampaignRequest? body)
    {
        var errors = new List<ItemError>();
        var initiative = body?.InitiativeId is { } initiativeId ? await store.InitiativeAsync(workspaceId, initiativeId) : null;
        if (body?.InitiativeId is { } i && initiative is null)
        {
            errors.Add(new ItemError(0, "initiativeId", $"no initiative {i} in this workspace"));
        }

        var insight = body?.InsightId is { } insightId ? (await store.InsightsAsync(workspaceId)).FirstOrDefault(x => x.Id == insightId) : null;
        if (body?.InsightId is { } n && insight is null)
        {
            errors.Add(new ItemError(0, "insightId", $"no insight {n} in this workspace"));
        }

        var known = await store.ThemesAsync(workspaceId);
        var themes = new List<StoredTheme>();
        foreach (var name in body?.Themes ?? [])
        {
            if (known.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } theme)
            {
                themes.Add(theme);
            }
            else
            {
                errors.Add(new ItemError(0, "themes", $"no theme called '{name}'"));
            }
        }

        if (body?.InitiativeId is null && body?.InsightId is null && themes.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ItemError(0, "initiativeId", "say what was done: an initiativeId, an insightId or themes"));
        }

        var now = store.Time.GetUtcNow().UtcDateTime;
        var until = Day(body?.Until, "until", errors) ?? now;
        var since = Day(body?.Since, "since", errors) ?? until.AddDays(-365);
        if (since >= until)
        {
            errors.Add(new ItemError(0, "since", "before until"));
        }

        var (subject, text) = DefaultMessage(initiative, insight, [.. themes.Select(t => t.Name)]);
        subject = string.IsNullOrWhiteSpace(body?.Subject) ? subject : body.Subject.Trim();
        text = string.IsNullOrWhiteSpace(body?.Body) ? text : body.Body.Trim();
        LoopMessageTemplate.Check(subject, text, errors);
        if (errors.Count > 0)
        {
            return (null, Problems.Unprocessable("Invalid loop-closing message", errors));
        }

        var query = new LoopAudienceQuery(body?.InitiativeId, body?.InsightId, [.. themes.Select(t => t.Id).Distinct()], since, until, body?.NegativeOnly ?? true);
        return (new Plan(query, subject, text), null);
    }

    private static DateTime? Day(string? text, string field, List<ItemError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            return day;
        }

        errors.Add(new ItemError(0, field, "a date as yyyy-MM-dd"));
        return null;
    }
}
