using System.Globalization;
using System.Text.Json;
using Cairn.Core.Employees;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Cairn.Web.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Employees;

/// <summary><c>POST /api/v1/employee-feedback</c>: up to 10,000 anonymous items.</summary>
public sealed record EmployeeFeedbackBatch(IReadOnlyList<EmployeeFeedbackRequest> Items);

public sealed record EmployeeFeedbackRequest(string Id, string Team, string Kind, string? Touchpoint, double? Score, string? Text);

/// <summary>
/// Voice of the employee: front-line staff's pulse, ideas and the customer pain points they see,
/// anonymous (no person is stored, only the team and the day), shown beside the customers' view of
/// the same touchpoint, with every group below the minimum size withheld.
/// </summary>
public static class EmployeeVoiceEndpoints
{
    public const int MaxItems = 10_000;

    public static RouteGroupBuilder MapEmployeeVoiceApi(this RouteGroupBuilder api)
    {
        api.MapPost("/employee-feedback", Add).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Voice of the employee").WithName("AddEmployeeFeedback")
            .WithSummary("Anonymous employee feedback, up to 10,000 items: {\"items\": [{\"id\", \"team\", \"kind\": \"pulse\"|\"idea\"|\"pain_point\", \"touchpoint\" (a name), \"score\" (0-10, for a pulse), \"text\"}]}. No person is stored, only the team and the day. All or nothing; an unknown touchpoint is named.")
            .Accepts<EmployeeFeedbackBatch>("application/json").Produces<IngestResponse>().ProducesValidationProblem(422);
        api.MapGet("/employee-voice", Report).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Voice of the employee").WithName("EmployeeVoice")
            .WithSummary("Employees beside customers per touchpoint (sentiment, pulse, pain points, ideas), team pulses and what staff said, over the last `days` (1-730, default 365); any group with fewer than `minGroup` (3-50, default 5) answers is withheld and says so.")
            .Produces<EmployeeVoiceReport>().ProducesProblem(400);
        return api;
    }

    public static IEndpointRouteBuilder MapEmployeeVoiceForms(this IEndpointRouteBuilder app)
    {
        // Any member may speak; the form stores the team, never who sent it.
        app.MapPost("/employees/share", async (HttpContext c, CairnStore s) =>
        {
            var form = await c.Request.ReadFormAsync();
            var item = new Dictionary<string, object?>
            {
                ["id"] = "web-" + Guid.NewGuid().ToString("N"),
                ["team"] = form["team"].ToString(),
                ["kind"] = form["kind"].ToString(),
                ["touchpoint"] = string.IsNullOrWhiteSpace(form["touchpoint"]) ? null : form["touchpoint"].ToString(),
                ["score"] = double.TryParse(form["score"], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) ? score : null,
                ["text"] = string.IsNullOrWhiteSpace(form["text"]) ? null : form["text"].ToString(),
            };
            var result = await StoreAsync(s, c.User.WorkspaceId(), [JsonSerializer.SerializeToElement(item)]);
            return FormRedirect.Back("/employees", result, "shared", "1");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Add(HttpContext context, CairnStore store)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Wrong shape", "the body must be {\"items\": [...]}");
        }

        if (array.GetArrayLength() > MaxItems)
        {
            return Problems.TooLarge($"at most {MaxItems} items per request");
        }

        return await StoreAsync(store, context.User.WorkspaceId(), [.. array.EnumerateArray()]);
    }

    private static async Task<IResult> StoreAsync(CairnStore store, long workspaceId, IReadOnlyList<JsonElement> elements)
    {
        var errors = new List<ItemError>();
        var items = elements.Select((e, i) => EmployeeFeedback.Read(e, i, errors)).OfType<EmployeeFeedback>().ToList();
        if (errors.Count > 0)
        {
            return Problems.InvalidItems(errors, "employee feedback items");
        }

        var outcome = await store.AddEmployeeFeedbackAsync(workspaceId, items);
        return outcome.Rejected.Count > 0
            ? Problems.InvalidItems(outcome.Rejected, "employee feedback items")
            : TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates));
    }

    public static (int MinGroup, int Days, IResult? Problem) Parse(string? minGroup, string? days)
    {
        var errors = new List<ItemError>();
        var group = QueryNumbers.Whole(minGroup, EmployeeFeedback.DefaultMinGroup, 3, 50, "minGroup", errors);
        var span = QueryNumbers.Whole(days, 365, 1, 730, "days", errors);
        return (group, span, errors.Count > 0 ? Problems.BadParameters("Invalid query", errors) : null);
    }

    private static async Task<IResult> Report(HttpContext context, CairnStore store, TimeProvider time, string? minGroup, string? days)
    {
        var (group, span, problem) = Parse(minGroup, days);
        return problem ?? TypedResults.Ok(await store.EmployeeVoiceAsync(context.User.WorkspaceId(), group, time.GetUtcNow().UtcDateTime.AddDays(-span)));
    }
}
