using System.Globalization;
using Cairn.Core.Audits;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Storage.Audits;

namespace Cairn.Web.Audits;

/// <summary>Checks walks and steps, and lays walks side by side: shared by the API, the audit pages and the report.</summary>
public static class AuditService
{
    public const int MaxCompetitor = 100;

    /// <summary>Longest a step may take, in minutes: a week (a delivery, a refund) is the longest wait worth walking.</summary>
    public const double MaxMinutes = 7 * 24 * 60;

    public static async Task<(AuditDraft? Draft, List<ItemError> Errors)> ValidateAsync(CairnStore store, long workspaceId, AuditRequest request, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ItemError>();
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > AuditVocabulary.MaxTitle)
        {
            errors.Add(new ItemError(0, "title", $"a title of 1 to {AuditVocabulary.MaxTitle} characters"));
        }

        var subject = request.Subject?.Trim().ToLowerInvariant();
        if (!AuditVocabulary.IsSubject(subject))
        {
            errors.Add(new ItemError(0, "subject", "own (our journey) or competitor (a competitor's journey)"));
        }

        var competitor = string.IsNullOrWhiteSpace(request.Competitor) ? null : request.Competitor.Trim();
        if (subject == AuditVocabulary.Competitor && competitor is null)
        {
            errors.Add(new ItemError(0, "competitor", "name the competitor whose journey was walked"));
        }
        else if (subject == AuditVocabulary.Own && competitor is not null)
        {
            errors.Add(new ItemError(0, "competitor", "a walk of our own journey names no competitor"));
        }
        else if (competitor?.Length > MaxCompetitor)
        {
            errors.Add(new ItemError(0, "competitor", $"at most {MaxCompetitor} characters"));
        }

        if (request.JourneyId is not { } journeyId || await store.JourneyAsync(workspaceId, journeyId) is null)
        {
            errors.Add(new ItemError(0, "journeyId", "the journey walked: one of this workspace's journeys"));
        }

        if (request.Walker?.Length > AuditVocabulary.MaxTitle)
        {
            errors.Add(new ItemError(0, "walker", $"at most {AuditVocabulary.MaxTitle} characters"));
        }

        var walkedAt = MetricQuery.ParseDate(request.WalkedAt, "walkedAt", errors);
        if (walkedAt > now)
        {
            errors.Add(new ItemError(0, "walkedAt", "the day of the walk, not a future day"));
        }

        if (request.Notes?.Length > AuditVocabulary.MaxText)
        {
            errors.Add(new ItemError(0, "notes", $"at most {AuditVocabulary.MaxText:N0} characters"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new AuditDraft(title, subject!, competitor, request.JourneyId!.Value, Blank(request.Walker), walkedAt ?? now.Date, Blank(request.Notes)), errors);
    }

    public static async Task<(AuditStepDraft? Draft, List<ItemError> Errors)> ValidateStepAsync(CairnStore store, long workspaceId, AuditRow audit, AuditStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ItemError>();
        var touchpoints = (await store.ListTouchpointsAsync(workspaceId)).Where(t => t.JourneyId == audit.JourneyId).ToList();
        if (request.TouchpointId is not { } touchpointId || touchpoints.All(t => t.Id != touchpointId))
        {
            errors.Add(new ItemError(0, "touchpointId", $"a touchpoint of the journey walked ({audit.Journey ?? "none"})"));
        }

        if (request.Effort is not (>= AuditVocabulary.EffortLow and <= AuditVocabulary.EffortHigh))
        {
            errors.Add(new ItemError(0, "effort", $"effort from {AuditVocabulary.EffortLow} (very easy) to {AuditVocabulary.EffortHigh} (very hard)"));
        }

        var emotion = Blank(request.Emotion)?.ToLowerInvariant();
        if (emotion is not null && !AuditVocabulary.IsEmotion(emotion))
        {
            errors.Add(new ItemError(0, "emotion", "one of " + string.Join(", ", AuditVocabulary.Emotions.Select(e => e.Name))));
        }

        if (request.Minutes is { } m && (double.IsNaN(m) || m < 0 || m > MaxMinutes))
        {
            errors.Add(new ItemError(0, "minutes", string.Create(CultureInfo.InvariantCulture, $"minutes from 0 to {MaxMinutes:0} (a week)")));
        }

        if (request.Action?.Length > AuditVocabulary.MaxTitle)
        {
            errors.Add(new ItemError(0, "action", $"at most {AuditVocabulary.MaxTitle} characters"));
        }

        if (request.Observation?.Length > AuditVocabulary.MaxText)
        {
            errors.Add(new ItemError(0, "observation", $"at most {AuditVocabulary.MaxText:N0} characters"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new AuditStepDraft(request.TouchpointId!.Value, Blank(request.Action), request.Effort!.Value, emotion, request.Minutes, Blank(request.Observation)), errors);
    }

    /// <summary>
    /// The latest walk of each company (us first, then competitors by name) on a journey, side by
    /// side; null when the journey is not in the workspace. Walks with no steps are left out.
    /// </summary>
    public static async Task<ComparisonResponse?> CompareAsync(CairnStore store, long workspaceId, long journeyId)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.JourneyAsync(workspaceId, journeyId) is not { } journey)
        {
            return null;
        }

        var steps = (await store.JourneyAuditStepsAsync(workspaceId, journeyId)).ToLookup(s => s.AuditId);
        var latest = (await store.AuditsAsync(workspaceId, journeyId))
            .Where(a => steps[a.Id].Any())
            .GroupBy(a => a.Company, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First()) // AuditsAsync lists newest first
            .OrderBy(a => a.Subject == AuditVocabulary.Own ? 0 : 1).ThenBy(a => a.Company, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var walks = latest.Select(a => new Walk(a.Id, a.Company, a.Subject == AuditVocabulary.Own, a.WalkedAt,
            steps[a.Id].Where(s => s.TouchpointId is not null && s.Effort is not null).Select(s => new WalkStep(s.TouchpointId!.Value, s.Effort!.Value, s.Emotion, s.Minutes)).ToList())).ToList();
        var touchpoints = journey.Stages.OrderBy(s => s.Position)
            .SelectMany(s => s.Touchpoints.Select(t => new AuditTouchpoint(t.Id, t.Name, s.Name, t.MomentOfTruth))).ToList();
        return ComparisonResponse.Of(journeyId, journey.Name, AuditComparison.Compare(touchpoints, walks));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
