using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary>A persona in the list: how it is defined, how big it is and how it scores.</summary>
public sealed record PersonaSummary(string Id, string Name, string? Description, string Rule, string RuleText, bool Stored, PersonaSize Size, NpsFigure Nps, NpsFigure OthersNps);

/// <summary>One persona in full: its summary, its empathy map from data, and loyal against merely retained customers.</summary>
public sealed record PersonaView(PersonaSummary Persona, EmpathyMap EmpathyMap, IReadOnlyList<LoyaltyProfile> Loyalty, IReadOnlyList<ThemeStat> Themes, IReadOnlyList<BehaviourStat> Behaviour);

/// <summary><c>PUT /api/v1/personas/{id}</c>.</summary>
public sealed record PersonaRequest(string? Name, string? Description, JsonElement? Rule);

/// <summary>
/// Personas built from evidence: a rule over attributes and behaviour picks the customers; their
/// size, NPS and churn, and an empathy map whose "says" are their own words, come from the data.
/// </summary>
public static partial class PersonaEndpoints
{
    private static readonly string[] RuleFields = ["persona", "segment", "plan", "region"];

    public static RouteGroupBuilder MapPersonasApi(this RouteGroupBuilder api)
    {
        var personas = api.MapGroup("/personas").WithTags("Personas");
        personas.MapGet("", (HttpContext c, CairnStore s, TimeProvider t) => ListAsync(s, c.User.WorkspaceId(), t.GetUtcNow().UtcDateTime))
            .RequireAuthorization(CairnClaims.ReadPolicy).WithName("ListPersonas")
            .WithSummary("Every persona (defined by a rule, or found in the customers' persona trait) with its size, share, churn, revenue and NPS against everyone else's.")
            .Produces<IReadOnlyList<PersonaSummary>>();
        personas.MapGet("/{id}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithName("GetPersona")
            .WithSummary("One persona: its figures, its empathy map from data (says: real verbatims; thinks; does; feels; pains; gains) and its loyal against merely retained customers.")
            .Produces<PersonaView>().ProducesProblem(404);
        personas.MapPut("/{id}", Put).RequireAuthorization(CairnClaims.PlanPolicy).WithName("DefinePersona")
            .WithSummary("Defines or redefines a persona: {\"name\", \"description\", \"rule\": {\"persona\", \"segment\", \"plan\", \"region\" (each a value or a list), \"did\": {\"event\", \"atLeast\"}}}.")
            .Accepts<PersonaRequest>("application/json").Produces<PersonaSummary>().ProducesProblem(422);
        personas.MapDelete("/{id}", async (HttpContext c, CairnStore s, string id) => await s.DeletePersonaAsync(c.User.WorkspaceId(), id)
                ? Results.NoContent()
                : Problems.Create(StatusCodes.Status404NotFound, "Persona not found", $"no defined persona '{id}' (personas found in the persona trait cannot be deleted)"))
            .RequireAuthorization(CairnClaims.PlanPolicy).WithName("DeletePersona").WithSummary("Deletes a defined persona.").Produces(204).ProducesProblem(404);
        return api;
    }

    public static IEndpointRouteBuilder MapPersonaForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/personas/define", async (HttpContext c, CairnStore s, TimeProvider t) =>
        {
            var form = await c.Request.ReadFormAsync();
            static string[] List(string? text) => [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var rule = new Dictionary<string, object>();
            foreach (var field in RuleFields)
            {
                if (List(form[field]) is { Length: > 0 } values)
                {
                    rule[field] = values;
                }
            }

            if (form["event"].ToString() is { Length: > 0 } eventName)
            {
                rule["did"] = new Dictionary<string, object> { ["event"] = eventName, ["atLeast"] = int.TryParse(form["atLeast"], out var n) ? n : 1 };
            }

            var id = form["id"].ToString().Trim();
            var result = await DefineAsync(s, c.User.WorkspaceId(), id, new PersonaRequest(form["name"], form["description"], JsonSerializer.SerializeToElement(rule)),
                t.GetUtcNow().UtcDateTime);
            return result is Microsoft.AspNetCore.Http.HttpResults.Ok<PersonaSummary>
                ? Results.LocalRedirect($"/personas/{Uri.EscapeDataString(id)}")
                : FormRedirect.Back("/personas", result, "saved", id);
        }).RequireAuthorization(CairnClaims.PlanPolicy).ExcludeFromDescription();
        return app;
    }

    public static async Task<IReadOnlyList<PersonaSummary>> ListAsync(CairnStore store, long workspaceId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var clock = await store.HealthClockAsync(workspaceId, now);
        var list = new List<PersonaSummary>();
        foreach (var p in await store.PersonasAsync(workspaceId))
        {
            list.Add(await SummaryAsync(store, workspaceId, p, clock));
        }

        return list;
    }

    private static async Task<PersonaSummary> SummaryAsync(CairnStore store, long workspaceId, PersonaDefinition p, DateTime clock)
    {
        var (size, nps, others) = await store.PersonaSummaryAsync(workspaceId, p.Rule, clock);
        return new PersonaSummary(p.Id, p.Name, p.Description, p.Rule.ToJson(), p.Rule.Describe(), p.Stored, size, nps, others);
    }

    /// <summary>The persona in full, or null when the workspace has no such persona.</summary>
    public static async Task<PersonaView?> ViewAsync(CairnStore store, long workspaceId, string id, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        if ((await store.PersonasAsync(workspaceId)).FirstOrDefault(p => p.Id == id) is not { } p)
        {
            return null;
        }

        var clock = await store.HealthClockAsync(workspaceId, now);
        var e = await store.PersonaEvidenceAsync(workspaceId, p.Rule, clock);
        var summary = new PersonaSummary(p.Id, p.Name, p.Description, p.Rule.ToJson(), p.Rule.Describe(), p.Stored, e.Size, e.Nps, e.OthersNps);
        var map = EmpathyMap.Build(e.Themes, e.Quotes, e.Thoughts, e.Behaviour, e.Emotions, e.MeanSentiment);
        return new PersonaView(summary, map, e.Loyalty, e.Themes, e.Behaviour);
    }

    private static async Task<IResult> Get(HttpContext context, CairnStore store, TimeProvider time, string id) =>
        await ViewAsync(store, context.User.WorkspaceId(), id, time.GetUtcNow().UtcDateTime) is { } view
            ? TypedResults.Ok(view)
            : Problems.Create(StatusCodes.Status404NotFound, "Persona not found", $"no persona '{id}' in this workspace");

    private static Task<IResult> Put(HttpContext context, CairnStore store, TimeProvider time, string id, PersonaRequest? body) =>
        DefineAsync(store, context.User.WorkspaceId(), id, body, time.GetUtcNow().UtcDateTime);

    private static async Task<IResult> DefineAsync(CairnStore store, long workspaceId, string id, PersonaRequest? body, DateTime now)
    {
        var errors = new List<ItemError>();
        if (!Slug().IsMatch(id))
        {
            errors.Add(new ItemError(0, "id", "1 to 60 lower-case letters, digits, - or _ (e.g. budget-family)"));
        }

        var name = body?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add(new ItemError(0, "name", "1 to 100 characters"));
        }

        var description = string.IsNullOrWhiteSpace(body?.Description) ? null : body!.Description!.Trim();
        if (description is { Length: > 2000 })
        {
            errors.Add(new ItemError(0, "description", "at most 2,000 characters"));
        }

        var rule = body?.Rule is { } r ? PersonaRule.Read(r, errors) : null;
        if (body?.Rule is null)
        {
            errors.Add(new ItemError(0, "rule", "is required: which customers the persona holds"));
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid persona", errors);
        }

        await store.SavePersonaAsync(workspaceId, id, name!, description, rule!);
        var saved = (await store.PersonasAsync(workspaceId)).First(p => p.Id == id);
        return TypedResults.Ok(await SummaryAsync(store, workspaceId, saved, await store.HealthClockAsync(workspaceId, now)));
    }

    [GeneratedRegex("^[a-z0-9_-]{1,60}$")]
    private static partial Regex Slug();
}
