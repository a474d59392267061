using Cairn.Core.Ingestion;
using Cairn.Core.Maturity;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Maturity;

/// <summary><c>PUT /api/v1/maturity/{dimension}</c>: the team's own level (1-5) on a dimension, with a note.</summary>
public sealed record MaturityAnswerRequest(int? Level, string? Note);

/// <summary>VoC maturity: eight dimensions scored from the workspace's data where possible, asked where not, with what to do next.</summary>
public static class MaturityEndpoints
{
    /// <summary>The window maturity is computed over when no period is given: the last 90 days.</summary>
    public const int DefaultDays = 90;

    public static RouteGroupBuilder MapMaturityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/maturity", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Maturity")
            .WithName("GetMaturity")
            .WithSummary("VoC maturity on eight dimensions (1 ad hoc … 5 leading): each computed from the workspace's data over from..to (default the last 90 days) where it can be, else the team's answer, with the evidence and the next step.")
            .Produces<MaturityReport>().ProducesProblem(400);
        api.MapPut("/maturity/{dimension}", Answer).RequireAuthorization(CairnClaims.PlanPolicy).WithTags("Maturity")
            .WithName("AnswerMaturity").WithSummary("Records the team's own level (1-5) on a dimension, with a note; the data's level still counts first where it has one.")
            .Accepts<MaturityAnswerRequest>("application/json").Produces<MaturityReport>().ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    public static void MapMaturityForms(this IEndpointRouteBuilder app) =>
        app.MapPost("/maturity/{dimension}", AnswerForm).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();

    /// <summary>The report over a period given as text (empty: the last 90 days); errors name the bad parameter.</summary>
    public static async Task<MaturityReport?> AssessAsync(CairnStore store, long workspaceId, string? from, string? to, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = store.Time.GetUtcNow().UtcDateTime;
        var (start, end) = MetricQuery.ParsePeriod(from, to, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var until = end ?? now.Date.AddDays(1);
        var since = start ?? until.AddDays(-DefaultDays);
        var tally = await store.MaturityTallyAsync(workspaceId, since, until, now);
        var asked = (await store.MaturityAnswersAsync(workspaceId)).ToDictionary(a => a.Dimension, a => a.Level, StringComparer.Ordinal);
        return VocMaturity.Assess(tally, asked);
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, string? from, string? to)
    {
        var errors = new List<ItemError>();
        var report = await AssessAsync(store, context.User.WorkspaceId(), from, to, errors);
        return report is null ? Problems.BadParameters("Invalid period", errors) : TypedResults.Ok(report);
    }

    /// <summary>Checks and saves an answer: null when saved, else the problem (unknown dimension: 404; bad level or note: 422).</summary>
    private static async Task<IResult?> SaveAsync(HttpContext context, CairnStore store, string dimension, int? level, string? note)
    {
        if (VocMaturity.Dimensions.All(d => d.Key != dimension))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Unknown dimension", $"the dimensions are {string.Join(", ", VocMaturity.Dimensions.Select(d => d.Key))}");
        }

        var errors = new List<ItemError>();
        if (level is not (>= 1 and <= 5))
        {
            errors.Add(new ItemError(0, "level", "a level from 1 (ad hoc) to 5 (leading)"));
        }

        if (note?.Length > 2000)
        {
            errors.Add(new ItemError(0, "note", "at most 2,000 characters"));
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid answer", errors);
        }

        await store.SaveMaturityAnswerAsync(context.User.WorkspaceId(),
            new MaturityAnswer(dimension, level!.Value, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), context.User.Identity?.Name, store.Time.GetUtcNow().UtcDateTime));
        return null;
    }

    private static async Task<IResult> Answer(HttpContext context, CairnStore store, string dimension, MaturityAnswerRequest request) =>
        await SaveAsync(context, store, dimension, request.Level, request.Note) ?? await Get(context, store, null, null);

    private static async Task<IResult> AnswerForm(HttpContext context, CairnStore store, string dimension, IFormCollection form)
    {
        int? level = int.TryParse(form["level"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
        var problem = await SaveAsync(context, store, dimension, level, form["note"]);
        return problem is null
            ? TypedResults.Redirect("/maturity?saved=" + Uri.EscapeDataString("Answer saved."))
            : TypedResults.Redirect("/maturity?error=" + Uri.EscapeDataString("choose a level from 1 to 5 and a note of at most 2,000 characters"));
    }
}
