namespace Cairn.Core.Feedback;

/// <summary>Where a piece of feedback came from (DESIGN.md, "feedback item").</summary>
public enum FeedbackSource
{
    SurveyComment,
    Review,
    Social,
    Ticket,
    Chat,
    Interview,
    ExitInterview,
}

/// <summary>DOMAIN.md, "VoC data: three kinds": asked, volunteered, or read from behaviour.</summary>
public enum FeedbackKind
{
    Direct,
    Indirect,
    Inferred,
}

public static class FeedbackSources
{
    private static readonly Dictionary<string, FeedbackSource> ByKey = Enum.GetValues<FeedbackSource>().ToDictionary(s => s.ToKey(), StringComparer.OrdinalIgnoreCase);

    public static string AllKeys => string.Join(", ", ByKey.Keys);

    /// <summary>The stored name: "survey_comment", "exit_interview".</summary>
    public static string ToKey(this FeedbackSource source) => source switch
    {
        FeedbackSource.SurveyComment => "survey_comment",
        FeedbackSource.ExitInterview => "exit_interview",
        _ => source.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string text, out FeedbackSource source) =>
        ByKey.TryGetValue(text.Trim().Replace('-', '_'), out source);

    /// <summary>Surveys and interviews are asked (direct); reviews and posts are volunteered (indirect); tickets and chats are read from behaviour (inferred).</summary>
    public static FeedbackKind Kind(this FeedbackSource source) => source switch
    {
        FeedbackSource.SurveyComment or FeedbackSource.Interview or FeedbackSource.ExitInterview => FeedbackKind.Direct,
        FeedbackSource.Review or FeedbackSource.Social => FeedbackKind.Indirect,
        FeedbackSource.Ticket or FeedbackSource.Chat => FeedbackKind.Inferred,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };
}
