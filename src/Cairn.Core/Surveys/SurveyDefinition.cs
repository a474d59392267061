namespace Cairn.Core.Surveys;

public enum QuestionType
{
    Nps,
    Csat,
    Ces,
    Rating,
    SingleChoice,
    MultipleChoice,
    Text,
}

/// <summary>How a CES scale reads: by default 1 = very easy (lower effort is better), as DOMAIN.md's wording asks it.</summary>
public enum EffortOrientation
{
    LowIsEasy,
    HighIsEasy,
}

public sealed record Choice(string Value, LocalizedText Text);

/// <summary>
/// One question. Scores have a range (NPS 0-10, CSAT 1-5 by default, CES 1-7), choices a list,
/// text a length cap. <see cref="VisibleIf"/> shows the question only when an earlier answer
/// meets a condition (branching).
/// </summary>
public sealed record Question(
    string Id,
    QuestionType Type,
    LocalizedText Title,
    bool Required,
    int Min,
    int Max,
    IReadOnlyList<Choice> Choices,
    Condition? VisibleIf,
    EffortOrientation Effort = EffortOrientation.LowIsEasy,
    int MaxLength = Question.DefaultMaxLength)
{
    /// <summary>Longest free-text answer kept: a long letter, not a pasted document.</summary>
    public const int DefaultMaxLength = 5_000;

    public bool IsScore => Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating;
}

/// <summary>A versioned survey definition: a title and its questions in order.</summary>
public sealed record SurveyDefinition(LocalizedText Title, IReadOnlyList<Question> Questions)
{
    public const int MaxQuestions = 100;

    public Question? Find(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>The survey's kind: that of its first standard metric question (NPS, CSAT or CES), else custom.</summary>
    public SurveyKind Kind => Questions.FirstOrDefault(q => q.Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces)?.Type switch
    {
        QuestionType.Nps => SurveyKind.Nps,
        QuestionType.Csat => SurveyKind.Csat,
        QuestionType.Ces => SurveyKind.Ces,
        _ => SurveyKind.Custom,
    };

    /// <summary>The questions a respondent sees given the answers so far, in order.</summary>
    public IEnumerable<Question> Visible(IReadOnlyDictionary<string, AnswerValue> answers) =>
        Questions.Where(q => q.VisibleIf is null || q.VisibleIf.Holds(answers));
}
