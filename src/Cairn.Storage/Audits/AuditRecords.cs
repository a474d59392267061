namespace Cairn.Storage.Audits;

/// <summary>A new walk as validated by the web layer: subject own or competitor (then <see cref="Competitor"/> names it).</summary>
public sealed record AuditDraft(string Title, string Subject, string? Competitor, long JourneyId, string? Walker, DateTime? WalkedAt, string? Notes);

/// <summary>A walk as stored, with its journey's name and its steps counted.</summary>
public sealed record AuditRow(
    long Id, string Title, string Subject, string? Competitor, long? JourneyId, string? Journey, string? Walker, DateTime? WalkedAt, string? Notes,
    DateTime? CreatedAt, string? CreatedBy, long Steps, double? MeanEffort)
{
    /// <summary>Whose journey was walked, as people say it.</summary>
    public string Company => Subject == Core.Audits.AuditVocabulary.Competitor ? Competitor ?? "competitor" : "us";
}

/// <summary>A new step: the touchpoint (of the walk's journey), what the walker did, effort 1-7, emotion, minutes, observation.</summary>
public sealed record AuditStepDraft(long TouchpointId, string? Action, int Effort, string? Emotion, double? Minutes, string? Observation);

/// <summary>A step as stored, with its touchpoint and stage names and what evidence it carries (the bytes are read separately).</summary>
public sealed record AuditStepRow(
    long Id, long AuditId, int Position, long? TouchpointId, string? Touchpoint, string? Stage, string? Action, int? Effort, string? Emotion, double? Minutes,
    string? Observation, string? EvidenceType, string? EvidenceName, long? EvidenceBytes);

/// <summary>An evidence file: its media type (detected from its bytes), the name it was uploaded under, and its bytes.</summary>
public sealed record AuditEvidence(string ContentType, string Name, byte[] Data);
