using Cairn.Core.Cases;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Access;

namespace Cairn.Web.Cases;

/// <summary>A new case rule as the API and the rules form send it.</summary>
/// <param name="Name">What the rule is called in the inbox (1-100 characters).</param>
/// <param name="Condition">The rule, such as <c>nps &lt;= 6</c> (see CaseConditionParser).</param>
/// <param name="Owner">A workspace member's email who gets every case it opens; empty to route.</param>
/// <param name="SlaHours">Hours to resolve a case (1-8,760; default 48).</param>
/// <param name="Since">Items from this date on are considered (default: now).</param>
public sealed record CaseRuleRequest(string? Name, string? Condition, string? Owner, int? SlaHours, string? Since);

/// <summary>A routing rule as sent: a touchpoint name and/or a segment, and the owner.</summary>
/// <param name="Touchpoint">A touchpoint's name, or empty.</param>
/// <param name="Segment">A segment, or empty.</param>
/// <param name="Owner">A workspace member's email.</param>
public sealed record CaseRouteRequest(string? Touchpoint, string? Segment, string? Owner);

/// <summary>
/// What the case API and the case pages share: rule and route validation (with every problem
/// named), owner checks, and the follow-up message (with an optional personal re-survey link).
/// </summary>
public static class CaseService
{
    public const int MaxNote = 4_000;
    public const int MaxSubject = 200;
    public const int MaxBody = 10_000;
    public const int MaxRootCause = 200;

    /// <summary>Checks a rule; on success the parsed condition and the values to store.</summary>
    public static async Task<(CaseCondition? Condition, string Name, string? Owner, int SlaHours, DateTime Since, List<ItemError> Errors)> ValidateRuleAsync(
        CairnStore store, long workspaceId, CaseRuleRequest request)
    {
        var errors = new List<ItemError>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors.Add(new ItemError(0, "name", "give the rule a name of 1 to 100 characters"));
        }

        var problems = new List<string>();
        var condition = CaseConditionParser.Parse(request.Condition, problems);
        errors.AddRange(problems.Select(p => new ItemError(0, "condition", p)));
        if (condition is not null)
        {
            await CheckNamesAsync(store, workspaceId, condition, errors);
        }

        var owner = await Owners.CheckAsync(store, workspaceId, request.Owner, errors);
        var sla = request.SlaHours ?? 48;
        if (sla is < 1 or > 8_760)
        {
            errors.Add(new ItemError(0, "slaHours", "the SLA is 1 to 8,760 hours"));
        }

        var since = MetricQuery.ParseDate(request.Since, "since", errors) ?? store.Time.GetUtcNow().UtcDateTime;
        return (errors.Count == 0 ? condition : null, name, owner, sla, since, errors);
    }

    /// <summary>Checks a route; on success the touchpoint id, segment and owner to store.</summary>
    public static async Task<(long? TouchpointId, string? Segment, string Owner, List<ItemError> Errors)> ValidateRouteAsync(CairnStore store, long workspaceId, CaseRouteRequest request)
    {
        var errors = new List<ItemError>();
        long? touchpointId = null;
        if (request.Touchpoint?.Trim() is { Length: > 0 } name)
        {
            var touchpoint = (await store.ListTouchpointsAsync(workspaceId)).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
            if (touchpoint is null)
            {
                errors.Add(new ItemError(0, "touchpoint", $"no touchpoint called '{name}' in this workspace"));
            }

            touchpointId = touchpoint?.Id;
        }

        var segment = request.Segment?.Trim() is { Length: > 0 and <= 100 } s ? s : null;
        if (touchpointId is null && segment is null && errors.Count == 0)
        {
            errors.Add(new ItemError(0, "touchpoint", "a route needs a touchpoint, a segment or both"));
        }

        var owner = await Owners.CheckAsync(store, workspaceId, request.Owner, errors);
        if (owner is null && !errors.Any(e => e.Field == "owner"))
        {
            errors.Add(new ItemError(0, "owner", "a route needs an owner"));
        }

        return (touchpointId, segment, owner ?? "", errors);
    }

    /// <summary>A rule naming a touchpoint or theme that does not exist would silently open nothing: say so instead.</summary>
    private static async Task CheckNamesAsync(CairnStore store, long workspaceId, CaseCondition condition, List<ItemError> errors)
    {
        var touchpoints = condition.Clauses.Where(c => c.Field == "touchpoint").ToList();
        if (touchpoints.Count > 0)
        {
            var known = (await store.ListTouchpointsAsync(workspaceId)).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            errors.AddRange(touchpoints.Where(c => !known.Contains(c.Value))
                .Select(c => new ItemError(0, "condition", $"no touchpoint called '{c.Value}' (touchpoints: {string.Join(", ", known.Order())})")));
        }

        var themes = condition.Clauses.Where(c => c.Field == "theme").ToList();
        if (themes.Count > 0)
        {
            var known = (await store.ThemesAsync(workspaceId)).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            errors.AddRange(themes.Where(c => !known.Contains(c.Value))
                .Select(c => new ItemError(0, "condition", $"no theme called '{c.Value}' (themes: {string.Join(", ", known.Order())})")));
        }
    }

    /// <summary>
    /// Queues a follow-up message to the case's customer. With <paramref name="resurvey"/> and a case
    /// opened from a survey answer, a personal link to the same survey is created and added to the
    /// message, so the score after recovery can be measured. Without SMTP the message is kept as
    /// "unsent" with the reason, for the owner to send another way.
    /// </summary>
    public static async Task<(CaseChangeOutcome Outcome, List<ItemError> Errors)> FollowUpAsync(
        CairnStore store, long workspaceId, long caseId, string? subject, string? body, bool resurvey, bool canSend, string origin, string actor)
    {
        var errors = new List<ItemError>();
        subject = subject?.Trim() ?? "";
        body = body?.Trim() ?? "";
        if (subject.Length is 0 or > MaxSubject)
        {
            errors.Add(new ItemError(0, "subject", $"a subject of 1 to {MaxSubject} characters"));
        }

        if (body.Length is 0 or > MaxBody)
        {
            errors.Add(new ItemError(0, "body", $"a message of 1 to {MaxBody:N0} characters"));
        }

        var detail = await store.CaseAsync(workspaceId, caseId);
        if (detail is null)
        {
            return (CaseChangeOutcome.NotFound, errors);
        }

        long? survey = null;
        if (resurvey)
        {
            survey = detail.Case is { SourceKind: "answer", SourceId: { } responseId } ? await store.SurveyOfResponseAsync(workspaceId, responseId) : null;
            if (survey is null || detail.Case.CustomerId is null)
            {
                errors.Add(new ItemError(0, "resurvey", "only a case opened from a known customer's survey answer can be re-surveyed"));
            }
        }

        if (errors.Count > 0)
        {
            return (CaseChangeOutcome.Refused, errors);
        }

        if (survey is { } s)
        {
            var now = store.Time.GetUtcNow().UtcDateTime;
            var (invitations, _) = await store.InviteAsync(workspaceId, s, [detail.Case.CustomerId!], "email", now.AddDays(30));
            body += $"\n\nWould you tell us how we did now? {origin}/s/{s}?t={invitations[0].Token}";
        }

        var (status, error) = (detail.Email, canSend) switch
        {
            (null, _) => ("unsent", "the customer has no email address"),
            (_, false) => ("unsent", "SMTP is not configured (CAIRN_SMTP_HOST): send this message another way"),
            _ => ("queued", (string?)null),
        };
        var (outcome, _) = await store.QueueFollowUpAsync(workspaceId, caseId, detail.Email, subject, body, status, error, actor, store.Time.GetUtcNow().UtcDateTime);
        return (outcome, errors);
    }
}
