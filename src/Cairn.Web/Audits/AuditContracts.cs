using Cairn.Core.Audits;
using Cairn.Storage.Audits;

namespace Cairn.Web.Audits;

/// <summary><c>POST /api/v1/audits</c>: a walk of a journey, ours (subject "own") or a competitor's (subject "competitor", competitor named).</summary>
public sealed record AuditRequest(string? Title, string? Subject, string? Competitor, long? JourneyId, string? Walker, string? WalkedAt, string? Notes);

/// <summary><c>POST /api/v1/audits/{id}/steps</c>: one step of the walk, at a touchpoint of its journey; effort 1 (very easy) to 7 (very hard).</summary>
public sealed record AuditStepRequest(long? TouchpointId, string? Action, int? Effort, string? Emotion, double? Minutes, string? Observation);

/// <summary>An evidence file attached to a step, and where to fetch it.</summary>
public sealed record EvidenceInfo(string ContentType, string Name, long Bytes, string Url);

/// <summary>A step as answered.</summary>
public sealed record AuditStepResponse(long Id, int Position, long? TouchpointId, string? Touchpoint, string? Stage, string? Action, int? Effort, string? Emotion,
    double? Minutes, string? Observation, EvidenceInfo? Evidence)
{
    public static AuditStepResponse Of(AuditStepRow s) => new(s.Id, s.Position, s.TouchpointId, s.Touchpoint, s.Stage, s.Action, s.Effort, s.Emotion, s.Minutes, s.Observation,
        s.EvidenceType is { } type ? new EvidenceInfo(type, s.EvidenceName ?? "evidence", s.EvidenceBytes ?? 0, $"/api/v1/audits/{s.AuditId}/steps/{s.Id}/evidence") : null);
}

/// <summary>A walk as answered; <see cref="Steps"/> is filled when one walk is asked for.</summary>
public sealed record AuditResponse(long Id, string Title, string Subject, string Company, long? JourneyId, string? Journey, string? Walker, DateTime? WalkedAt, string? Notes,
    DateTime? CreatedAt, string? CreatedBy, long StepCount, double? MeanEffort, IReadOnlyList<AuditStepResponse>? Steps)
{
    public static AuditResponse Of(AuditRow a, IReadOnlyList<AuditStepRow>? steps = null) => new(a.Id, a.Title, a.Subject, a.Company, a.JourneyId, a.Journey, a.Walker, a.WalkedAt,
        a.Notes, a.CreatedAt, a.CreatedBy, a.Steps, a.MeanEffort, steps?.Select(AuditStepResponse.Of).ToList());
}

/// <summary>
/// <c>GET /api/v1/audits/compare?journey=ID</c>: the latest walk of each company on that journey,
/// side by side per touchpoint, and the friction gaps (our effort at least one point above the best alternative).
/// </summary>
public sealed record ComparisonResponse(long JourneyId, string Journey, IReadOnlyList<WalkSummary> Walks, IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<ComparisonRow> FrictionGaps)
{
    public static ComparisonResponse Of(long journeyId, string journey, AuditComparison c) => new(journeyId, journey, c.Walks, c.Rows, c.FrictionGaps);
}
