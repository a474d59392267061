using System.Text.Json;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Surveys;

public sealed record SurveyCreated(long Id, string Name, string Kind, int Version, string Page);

public sealed record SurveyDetail(long Id, string Name, string Kind, string Status, int Version, long? TouchpointId, string? Touchpoint, string Page, JsonElement Definition);

public sealed record ResponseStored(string Id, string Status);

/// <summary>A personal link, and the one-click unsubscribe URL for the email's List-Unsubscribe header (RFC 8058).</summary>
public sealed record InvitationLink(string CustomerId, string InvitationId, string Link, DateTime ExpiresAt, string Unsubscribe);

public sealed record SkippedInvitee(string CustomerId, string Reason);

public sealed record InvitationsCreated(long SurveyId, int Count, IReadOnlyList<InvitationLink> Invitations, IReadOnlyList<SkippedInvitee> Skipped)
{
    /// <summary>With "send": the invitation emails are queued (sent by the outbox), or "unsent" (kept; SMTP not configured).</summary>
    public string? Mail { get; init; }
}

public sealed record EligibilityResponse(long SurveyId, string CustomerId, bool Eligible, string Reason);

/// <summary>A quota with what it has counted: complete responses in it, and whether it is full.</summary>
public sealed record QuotaState(string Name, string Question, double? Min, double? Max, string? Value, int Limit, long Complete, bool Full);

/// <summary>Listen: surveys as SurveyJS definitions or templates, and responses sent by API.</summary>
public static class SurveyEndpoints
{
    public static RouteGroupBuilder MapSurveysApi(this RouteGroupBuilder api)
    {
        api.MapPost("/surveys", Create).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Surveys")
            .WithName("CreateSurvey")
            .WithSummary("Creates a survey from a template (relationship-nps, post-purchase-csat, post-support-ces) or a SurveyJS definition, optionally placed on a touchpoint. Its hosted page is /s/{id}.")
            .Produces<SurveyCreated>(StatusCodes.Status201Created).ProducesProblem(400);
        api.MapGet("/surveys", List).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Surveys")
            .WithName("ListSurveys").WithSummary("Surveys with their complete and partial response counts.")
            .Produces<IReadOnlyList<SurveySummary>>();
        api.MapGet("/surveys/{id:long}", Get).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Surveys")
            .WithName("GetSurvey").WithSummary("A survey with its current definition as SurveyJS JSON.")
            .Produces<SurveyDetail>().ProducesProblem(404);
        api.MapPost("/surveys/{id:long}/responses", Respond).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Surveys")
            .WithName("SubmitResponse")
            .WithSummary("Stores a response: {\"id\", \"customerId\", \"channel\", \"locale\", \"complete\", \"answers\": {\"nps\": 9, \"why\": \"…\", \"topics\": [\"…\"]}}. The id makes it idempotent; a complete response is never changed.")
            .Produces<ResponseStored>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/surveys/{id:long}/invitations", Invite).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Surveys")
            .WithName("InviteToSurvey")
            .WithSummary("Records an invitation per customer and returns each personal link (a signed token; one response per invitation, bound to the customer). {\"customers\": [\"id\", …], \"channel\": \"email\", \"expiresInDays\": 30, \"send\": true}. Append &score=N to preselect the first answer (one-click email). With send, Cairn emails each invitation (one link per score for a score question, RFC 8058 unsubscribe headers) through the outbox, recorded and queued in one transaction; customers without an email address are skipped.")
            .Produces<InvitationsCreated>().ProducesProblem(404).ProducesProblem(422);
        api.MapPut("/surveys/{id:long}/policy", SetPolicy).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Surveys")
            .WithName("SetContactPolicy")
            .WithSummary("Sets the survey's contact rules: {\"recontactDays\": 14, \"maxPerPeriod\": 3, \"periodDays\": 90, \"showOnce\": false, \"recurEveryDays\": 90, \"startAt\", \"stopAt\"}.")
            .Produces<ContactPolicy>().ProducesProblem(400).ProducesProblem(404);
        api.MapPut("/surveys/{id:long}/quotas", SetQuotas).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Surveys")
            .WithName("SetSurveyQuotas")
            .WithSummary("Replaces the survey's quotas per answer: [{\"name\": \"detractors\", \"question\": \"nps\", \"min\": 0, \"max\": 6, \"limit\": 500}, {\"name\": \"prepaid\", \"question\": \"plan\", \"value\": \"prepaid\", \"limit\": 200}] (an empty array removes them). A respondent whose answer falls in a full quota is screened out: the answers are kept with status screened_out, the response is never completed.")
            .Produces<IReadOnlyList<QuotaState>>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/surveys/{id:long}/quotas", Quotas).RequireAuthorization(CairnClaims.ReadPolicy).WithTags("Surveys")
            .WithName("GetSurveyQuotas").WithSummary("The survey's quotas with the complete responses each has counted.")
            .Produces<IReadOnlyList<QuotaState>>().ProducesProblem(404);
        api.MapGet("/surveys/{id:long}/eligibility", Eligible).RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Surveys")
            .WithName("GetEligibility")
            .WithSummary("May this customer be asked this survey now? Decided on the server from every past contact, whatever the channel or device: {\"eligible\", \"reason\"}.")
            .Produces<EligibilityResponse>().ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> SetPolicy(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        ContactPolicy? policy;
        try
        {
            policy = document.Deserialize<ContactPolicy>(JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Problems.BadDefinition("Invalid contact policy", [e.Message.Split('.')[0]]);
        }

        var problems = policy?.Validate() ?? ["send a JSON object"];
        if (problems.Count > 0 || policy is null)
        {
            return Problems.BadDefinition("Invalid contact policy", problems);
        }

        return await store.SetContactPolicyAsync(context.User.WorkspaceId(), id, policy)
            ? TypedResults.Ok(policy)
            : Problems.SurveyNotFound(id);
    }

    private static async Task<IResult> SetQuotas(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        var workspaceId = context.User.WorkspaceId();
        if (await store.SurveyAsync(workspaceId, id) is not { } survey)
        {
            return Problems.SurveyNotFound(id);
        }

        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var problems = new List<string>();
        var quotas = SurveyQuota.Parse(document.RootElement.GetRawText(), survey.Definition, problems);
        if (quotas is null)
        {
            return Problems.BadDefinition("Invalid quotas", problems);
        }

        await store.SetSurveyQuotasAsync(workspaceId, id, quotas);
        return TypedResults.Ok(await QuotaStatesAsync(store, workspaceId, survey with { Quotas = quotas }));
    }

    private static async Task<IResult> Quotas(HttpContext context, CairnStore store, long id) =>
        await store.SurveyAsync(context.User.WorkspaceId(), id) is { } survey
            ? TypedResults.Ok(await QuotaStatesAsync(store, context.User.WorkspaceId(), survey))
            : Problems.SurveyNotFound(id);

    private static async Task<IReadOnlyList<QuotaState>> QuotaStatesAsync(CairnStore store, long workspaceId, StoredSurvey survey) =>
        (await store.QuotaCountsAsync(workspaceId, survey))
            .Select(c => new QuotaState(c.Quota.Name, c.Quota.Question, c.Quota.Min, c.Quota.Max, c.Quota.Value, c.Quota.Limit, c.Complete, c.Full)).ToList();

    private static async Task<IResult> Eligible(HttpContext context, CairnStore store, long id, string? customerId)
    {
        var workspace = context.User.WorkspaceId();
        if (await store.SurveyAsync(workspace, id) is null)
        {
            return Problems.SurveyNotFound(id);
        }

        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > 200)
        {
            return Problems.BadDefinition("Invalid eligibility query", ["customerId: 1 to 200 characters"]);
        }

        var decision = (await store.EligibilityAsync(workspace, id, [customerId]))[customerId];
        return TypedResults.Ok(new EligibilityResponse(id, customerId, decision.Eligible, decision.Reason));
    }

    /// <summary>Longest an invitation link stays valid.</summary>
    public const int MaxExpiryDays = 365;

    private static async Task<IResult> Invite(HttpContext context, CairnStore store, CairnWebOptions options, long id, CancellationToken cancellationToken)
    {
        var workspace = context.User.WorkspaceId();
        var survey = await store.SurveyAsync(workspace, id);
        if (survey is null)
        {
            return Problems.SurveyNotFound(id);
        }

        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        var errors = new List<ItemError>();
        var customers = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("customers", out var list) || list.ValueKind != JsonValueKind.Array
            || list.GetArrayLength() is 0 or > CairnStore.MaxInvitationsPerRequest || list.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String || c.GetString()!.Length is 0 or > 200))
        {
            errors.Add(new ItemError(0, "customers", $"an array of 1 to {CairnStore.MaxInvitationsPerRequest:N0} customer ids"));
        }
        else
        {
            customers.AddRange(list.EnumerateArray().Select(c => c.GetString()!));
        }

        var fields = new FieldReader(root, 0, errors);
        var force = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("force", out var f) && f.ValueKind == JsonValueKind.True;
        var send = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("send", out var sendFlag) && sendFlag.ValueKind == JsonValueKind.True;
        var channel = fields.OptionalString("channel", 50) ?? "email";
        if (send && channel != "email")
        {
            errors.Add(new ItemError(0, "send", "Cairn sends email invitations only; for other channels take the links and send them yourself"));
        }
        var days = fields.OptionalNumber("expiresInDays", 1, MaxExpiryDays) ?? 30;
        if (errors.Count > 0)
        {
            return Problems.Unprocessable("Invalid invitations", errors);
        }

        var expires = store.Time.GetUtcNow().UtcDateTime.AddDays(days);
        // Contact governance: customers the survey's rules say not to ask now are skipped, with the reason.
        // Consent is checked even when forced: "force" overrides the contact rules, never a withdrawal.
        var skipped = new List<SkippedInvitee>();
        var split = await store.SplitByEligibilityAsync(workspace, id, customers, channel, force);
        customers = split.Eligible;
        skipped.AddRange(split.Skipped.Select(x => new SkippedInvitee(x.CustomerId, x.Reason)));

        if (customers.Count == 0)
        {
            return TypedResults.Ok(new InvitationsCreated(id, 0, [], skipped));
        }

        var origin = Origin.Of(context);
        var smtp = options.Smtp is not null;
        IReadOnlyList<Invitation> invitations;
        IReadOnlyList<string> unknown, noEmail = [];
        if (send)
        {
            (invitations, unknown, noEmail) = await store.InviteByEmailAsync(workspace, id, customers, expires, i => InvitationMails.Render(survey, origin, i), smtp);
        }
        else
        {
            (invitations, unknown) = await store.InviteAsync(workspace, id, customers, channel, expires);
        }

        if (unknown.Count > 0)
        {
            return Problems.Unprocessable("Invalid invitations", [new ItemError(0, "customers", $"{unknown.Count} unknown customer(s), first '{unknown[0]}'; identify them first. Nothing was recorded.")]);
        }

        skipped.AddRange(noEmail.Select(c => new SkippedInvitee(c, "no email address")));
        return TypedResults.Ok(new InvitationsCreated(id, invitations.Count,
            invitations.Select(i => new InvitationLink(i.CustomerId, i.Id, InvitationMails.Link(origin, id, i), i.ExpiresAt, InvitationMails.Unsubscribe(origin, id, i))).ToList(), skipped)
        {
            Mail = send ? (smtp ? "queued" : "unsent") : null,
        });
    }

    private static async Task<IResult> Create(HttpContext context, CairnStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        var problems = new List<string>();
        string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        SurveyDefinition? definition = null;
        var name = Str("name");
        var kind = SurveyKind.Custom;
        if (Str("template") is { } template)
        {
            if (SurveyTemplates.Find(template) is { } found)
            {
                (definition, kind, name) = (found.Definition, found.Kind, name ?? found.Name);
            }
            else
            {
                problems.Add($"template: one of {string.Join(", ", SurveyTemplates.Names)}");
            }
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("definition", out var surveyJs))
        {
            definition = SurveyJson.Import(surveyJs.GetRawText(), problems);
            kind = definition?.Kind ?? SurveyKind.Custom;
        }
        else
        {
            problems.Add("send {\"template\": \"relationship-nps\"} or {\"name\": \"…\", \"definition\": {SurveyJS JSON}}");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            problems.Add("name: 1 to 200 characters");
        }

        long? touchpoint = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("touchpointId", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var tp) ? tp : null;
        if (problems.Count > 0 || definition is null)
        {
            return Problems.BadDefinition("Invalid survey", problems);
        }

        try
        {
            var id = await store.CreateSurveyAsync(context.User.WorkspaceId(), name!, kind, touchpoint, definition);
            return TypedResults.Created($"/api/v1/surveys/{id}", new SurveyCreated(id, name!, kind.ToString().ToLowerInvariant(), 1, $"/s/{id}"));
        }
        catch (ArgumentException e)
        {
            return Problems.BadDefinition("Invalid survey", [e.Message.Split(" (Parameter")[0]]);
        }
    }

    private static async Task<IResult> List(HttpContext context, CairnStore store) => TypedResults.Ok(await store.SurveysAsync(context.User.WorkspaceId()));

    private static async Task<IResult> Get(HttpContext context, CairnStore store, long id)
    {
        var survey = await store.SurveyAsync(context.User.WorkspaceId(), id);
        if (survey is null)
        {
            return Problems.SurveyNotFound(id);
        }

        using var document = JsonDocument.Parse(survey.DefinitionJson);
        return TypedResults.Ok(new SurveyDetail(survey.Id, survey.Name, survey.Kind, survey.Status, survey.Version, survey.TouchpointId, survey.Touchpoint, $"/s/{survey.Id}", document.RootElement.Clone()));
    }

    private static async Task<IResult> Respond(HttpContext context, CairnStore store, long id, CancellationToken cancellationToken)
    {
        var workspace = context.User.WorkspaceId();
        var survey = await store.SurveyAsync(workspace, id);
        if (survey is null)
        {
            return Problems.SurveyNotFound(id);
        }

        if (survey.Status != "active")
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Survey closed", $"survey {id} is {survey.Status} and takes no answers");
        }

        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var errors = new List<ItemError>();
        var submission = ReadSubmission(document.RootElement, survey.Definition, errors);
        if (submission is not null)
        {
            errors.AddRange(AnswerValidation.Validate(survey.Definition, submission.Answers, submission.Complete));
            if (submission.CustomerId is { } customer && !await store.CustomerExistsAsync(workspace, customer))
            {
                errors.Add(new ItemError(0, "customerId", $"customer '{customer}' is unknown; identify the customer first"));
            }
        }

        if (errors.Count > 0 || submission is null)
        {
            return Problems.Unprocessable("Invalid response", errors);
        }

        var saved = await store.SaveResponseAsync(workspace, survey, submission);
        return TypedResults.Ok(new ResponseStored(submission.ResponseId, saved switch
        {
            ResponseSaved.Partial => "partial",
            ResponseSaved.Complete => "complete",
            ResponseSaved.ScreenedOut => "screened out",
            _ => "already complete",
        }));
    }

    private static ResponseSubmission? ReadSubmission(JsonElement root, SurveyDefinition definition, List<ItemError> errors)
    {
        var fields = new FieldReader(root, 0, errors);
        if (!fields.IsObject)
        {
            errors.Add(new ItemError(0, "", "send a JSON object with id and answers"));
            return null;
        }

        var id = fields.RequiredString("id");
        var customer = fields.OptionalString("customerId");
        var channel = fields.OptionalString("channel", 50);
        var locale = fields.OptionalString("locale", 20);
        var complete = !root.TryGetProperty("complete", out var c) || c.ValueKind != JsonValueKind.False;
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        if (!root.TryGetProperty("answers", out var given) || given.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ItemError(0, "answers", "an object of question id → answer"));
            return null;
        }

        foreach (var answer in given.EnumerateObject())
        {
            AnswerValue? value = answer.Value.ValueKind switch
            {
                JsonValueKind.Number => AnswerValue.Of(answer.Value.GetDouble()),
                JsonValueKind.String => definition.Find(answer.Name)?.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice
                    ? AnswerValue.OfChoices([answer.Value.GetString()!]) : AnswerValue.Of(answer.Value.GetString()!),
                JsonValueKind.Array when answer.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => AnswerValue.OfChoices([.. answer.Value.EnumerateArray().Select(v => v.GetString()!)]),
                JsonValueKind.Null => null,
                _ => Wrong(answer.Name, errors),
            };
            if (value is not null)
            {
                answers[answer.Name] = value;
            }
        }

        return id is null ? null : new ResponseSubmission(id, customer, channel, locale, complete, answers);
    }

    private static AnswerValue? Wrong(string question, List<ItemError> errors)
    {
        errors.Add(new ItemError(0, question, "an answer is a number, a text or a list of choices"));
        return null;
    }
}
