namespace Cairn.Core.Surveys;

/// <summary>
/// One respondent's answers to one version of a survey. It inherits the touchpoint, stage and
/// channel of where it was asked, so every metric can be sliced by them.
/// </summary>
public sealed record SurveyResponse(
    string Id,
    long SurveyId,
    int SurveyVersion,
    string? CustomerId,
    bool Complete,
    long? TouchpointId,
    long? StageId,
    string? Channel,
    string? Locale,
    DateTime StartedAt,
    DateTime? CompletedAt,
    IReadOnlyList<Answer> Answers);

/// <summary>A numeric answer (a score) or a text answer (a comment or a choice).</summary>
public sealed record Answer(string QuestionId, double? Number, string? Text);

/// <summary>The kinds of survey with a standard metric (DOMAIN.md, "Metrics").</summary>
public enum SurveyKind
{
    Nps,
    Csat,
    Ces,
    Custom,
}
