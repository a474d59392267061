namespace Cairn.Storage;

/// <summary>A case rule as stored, with how many cases it opened and how many of them are still open.</summary>
public sealed record CaseRuleRow(long Id, string Name, string Condition, string? Owner, int SlaHours, DateTime Since, bool Enabled, long Cases, long Open);

/// <summary>A routing rule: cases at this touchpoint and/or of this segment go to this owner (the most specific route wins).</summary>
public sealed record CaseRouteRow(long Id, long? TouchpointId, string? Touchpoint, string? Segment, string Owner);

/// <summary>
/// A case as the inbox lists it: who, why (rule, score, touchpoint), who owns it, where it stands
/// and the first words of what the customer said.
/// </summary>
public sealed record CaseRow(
    long Id, string? CustomerId, string? CustomerName, string? Segment, string? RuleName, string SourceKind, string? SourceId,
    string? QuestionId, double? Score, long? TouchpointId, string? Touchpoint, string? Owner, string Status,
    DateTime OpenedAt, DateTime? SlaDueAt, DateTime? FirstActionAt, DateTime? ClosedAt, string? RootCause, string? Verbatim);

/// <summary>One entry of a case's history: a note, a status change, an assignment or a follow-up message.</summary>
public sealed record CaseNoteRow(long Id, string Kind, string Author, DateTime WrittenAt, string Text);

/// <summary>A message to a customer and whether it went out.</summary>
/// <summary>A message waiting in the outbox: a case follow-up, an email confirmation or a "you said, we did" message, with its one-click unsubscribe address when it has one.</summary>
public sealed record QueuedMessage(long Id, string? Kind, string? Recipient, string Subject, string Body, string Status, int Attempts, DateTime CreatedAt, string? UnsubscribeUrl);

public sealed record OutboxRow(long Id, long? CaseId, string? Recipient, string Subject, string Body, string Status, int Attempts, string? Error, DateTime CreatedAt, DateTime? SentAt);

/// <summary>The customer's other score answers, so an owner sees what was already asked and said.</summary>
public sealed record CustomerScoreRow(string ResponseId, string QuestionId, double Score, DateTime AnsweredAt, string? Touchpoint);

/// <summary>A case with its history, messages, the customer's contact details and scores.</summary>
public sealed record CaseDetail(CaseRow Case, string? Email, string? Plan, double? MonthlyRevenue, IReadOnlyList<CaseNoteRow> Notes, IReadOnlyList<OutboxRow> Messages, IReadOnlyList<CustomerScoreRow> Scores);

/// <summary>Which cases the inbox shows.</summary>
/// <param name="Status">One status, or null for all; "open" for every status but resolved.</param>
/// <param name="Owner">One owner's email; "none" for unassigned.</param>
/// <param name="OverdueOnly">Only open cases past their SLA.</param>
/// <param name="RuleId">Only cases a rule opened.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Offset">Rows skipped.</param>
public sealed record CaseFilter(string? Status = null, string? Owner = null, bool OverdueOnly = false, long? RuleId = null, int Limit = 50, int Offset = 0);

/// <summary>What happened to a requested case change.</summary>
public enum CaseChangeOutcome
{
    Done,
    NotFound,
    Refused,
}
