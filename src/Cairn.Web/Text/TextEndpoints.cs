using System.Text.Json;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Text;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Text;

/// <summary>Understand: sentiment, themes and emotions of any text, the feedback explorer's data, and the taxonomy.</summary>
public static class TextEndpoints
{
    /// <summary>Texts per analyze request: enough for a page of comments, small enough to answer in milliseconds.</summary>
    public const int MaxTexts = 1_000;

    public static RouteGroupBuilder MapTextApi(this RouteGroupBuilder api)
    {
        api.MapPost("/text/analyze", Analyze).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Text")
            .WithName("AnalyzeText")
            .WithSummary("Sentiment (score -1..1, label, mixed), sentence scores, emotions and themes with evidence for up to 1,000 texts, in input order. Nothing is stored.")
            .Accepts<AnalyzeRequest>("application/json").Produces<AnalyzeResponse>().ProducesProblem(400).ProducesProblem(413);
        api.MapPost("/text/reprocess", Reprocess).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Text")
            .WithName("ReprocessText")
            .WithSummary("Re-analyses every stored feedback text with the current taxonomy (after editing themes).")
            .Produces<ReprocessResponse>();
        api.MapGet("/feedback", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Text")
            .WithName("ListFeedback")
            .WithSummary("Verbatims, newest first, 50 per page, with sentiment, emotions and themes (evidence positions for highlighting).")
            .WithDescription("Query: theme, sentiment = positive|neutral|negative|mixed|unsupported, emotion, source, competitor = us|any|NAME, touchpoint, segment, from, to, q (words), page.")
            .Produces<FeedbackPageResponse>().ProducesProblem(400);
        api.MapGet("/themes", Themes).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Text")
            .WithName("ListThemes").WithSummary("The workspace's theme taxonomy: each theme's name and phrases.")
            .Produces<IReadOnlyList<ThemeResponse>>();
        api.MapPut("/themes", SaveThemes).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Text")
            .WithName("SaveThemes")
            .WithSummary("Replaces the taxonomy. Themes keep their id when their name is kept. Run /text/reprocess afterwards to re-read stored texts.")
            .Accepts<ThemesRequest>("application/json").Produces<IReadOnlyList<ThemeResponse>>().ProducesProblem(400);
        api.MapGet("/themes/summary", Summary).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Text")
            .WithName("ThemeSummary")
            .WithSummary("Per theme: mentions, customers, share of feedback, sentiment, monthly trend, rising or falling (last 3 months vs the 3 before, tested), and NPS of customers who raised it vs the rest; plus the theme × touchpoint heat map.")
            .Produces<ThemeSummaryResponse>().ProducesProblem(400);
        return api;
    }

    private static async Task<IResult> Analyze(HttpContext context, CairnStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("texts", out var textsElement) || textsElement.ValueKind != JsonValueKind.Array)
        {
            return Problems.BadParameters("Invalid analyze request", [new ItemError(0, "texts", "send {\"texts\": [\"...\"]}: an array of strings")]);
        }

        var count = textsElement.GetArrayLength();
        if (count > MaxTexts)
        {
            return Problems.BadParameters("Too many texts", [new ItemError(0, "texts", $"at most {MaxTexts} texts per request, got {count}")]);
        }

        var texts = new List<string?>(count);
        var errors = new List<ItemError>();
        var i = 0;
        foreach (var item in textsElement.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                texts.Add(item.ValueKind == JsonValueKind.Null ? null : item.GetString());
            }
            else
            {
                errors.Add(new ItemError(i, "texts", $"item {i} must be a string, not {FieldReader.Describe(item.ValueKind)}"));
            }

            i++;
        }

        if (errors.Count > 0)
        {
            return Problems.BadParameters("Invalid analyze request", errors);
        }

        var results = await store.AnalyzeAsync(context.User.WorkspaceId(), texts);
        return TypedResults.Ok(new AnalyzeResponse(results.Select((r, k) => AnalysisResponse.Of(r, texts[k]?.Length ?? 0)).ToList()));
    }

    private static async Task<IResult> Reprocess(HttpContext context, CairnStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReprocessResponse(await store.ReprocessTextAsync(context.User.WorkspaceId(), null, cancellationToken)));

    private static async Task<IResult> List(HttpContext context, CairnStore store)
    {
        var query = ParseQuery(context.Request.Query, out var problem);
        if (query is null)
        {
            return problem!;
        }

        var page = await store.FeedbackPageAsync(context.User.WorkspaceId(), query);
        return TypedResults.Ok(new FeedbackPageResponse(page.Total, query.Page, FeedbackQuery.PageSize, page.Items));
    }

    private static async Task<IResult> Summary(HttpContext context, CairnStore store)
    {
        var query = ParseQuery(context.Request.Query, out var problem);
        return query is null ? problem! : TypedResults.Ok(await ThemeService.SummaryAsync(store, context.User.WorkspaceId(), query));
    }

    private static async Task<IResult> Themes(HttpContext context, CairnStore store) =>
        TypedResults.Ok((await store.ThemesAsync(context.User.WorkspaceId())).Select(ThemeResponse.Of).ToList());

    private static async Task<IResult> SaveThemes(HttpContext context, CairnStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        ThemesRequest? request;
        try
        {
            request = document.Deserialize<ThemesRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Problems.BadParameters("Invalid themes", [new ItemError(0, "themes", "send {\"themes\": [{\"name\": \"...\", \"phrases\": [\"...\"]}]}: " + e.Message.Split('.')[0])]);
        }

        if (request?.Themes is not { } themes)
        {
            return Problems.BadParameters("Invalid themes", [new ItemError(0, "themes", "send {\"themes\": [{\"name\": \"...\", \"phrases\": [\"...\"]}]}")]);
        }

        var problems = await store.SaveThemesAsync(context.User.WorkspaceId(), themes.Select(t => new ThemeDefinition(t.Name ?? "", t.Phrases ?? [])).ToList());
        if (problems.Count > 0)
        {
            return Problems.BadParameters("Invalid themes", problems.Select(p => new ItemError(0, "themes", p)).ToList());
        }

        return TypedResults.Ok((await store.ThemesAsync(context.User.WorkspaceId())).Select(ThemeResponse.Of).ToList());
    }

    internal static FeedbackQuery? ParseQuery(IQueryCollection query, out IResult? problem)
    {
        var errors = new List<ItemError>();
        var parsed = FeedbackQuery.Parse(query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase), errors);
        problem = errors.Count > 0 ? Problems.BadParameters("Invalid feedback query", errors) : null;
        return errors.Count > 0 ? null : parsed;
    }
}
