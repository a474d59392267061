using Cairn.Core.Text;
using Cairn.Storage;

namespace Cairn.Web.Text;

public sealed record AnalyzeRequest(IReadOnlyList<string?>? Texts);

public sealed record SentimentResponse(double? Score, string Label, bool Mixed);

public sealed record SentenceResponse(int Start, int Length, double Score);

public sealed record EvidenceResponse(string Name, string Evidence, int Start, int Length, double? Sentiment = null);

/// <summary>One text's analysis; <see cref="Note"/> says in words what was not done and why.</summary>
public sealed record AnalysisResponse(
    SentimentResponse Sentiment, IReadOnlyList<EvidenceResponse> Emotions, IReadOnlyList<EvidenceResponse> Themes,
    string Language, IReadOnlyList<SentenceResponse> Sentences, bool Truncated, string? Note)
{
    public static AnalysisResponse Of(TextAnalysis a, int originalLength) => new(
        new SentimentResponse(a.Sentiment?.Score, a.SentimentLabel, a.Sentiment?.Mixed ?? false),
        a.Emotions.Select(e => new EvidenceResponse(e.Name, e.Evidence, e.Start, e.Length)).ToList(),
        a.Themes.Select(t => new EvidenceResponse(t.Name, t.Evidence, t.Start, t.Length, t.Sentiment)).ToList(),
        a.Language,
        a.Sentiment?.Sentences.Select(s => new SentenceResponse(s.Start, s.Length, s.Score)).ToList() ?? [],
        a.Truncated,
        NoteFor(a, originalLength));

    private static string? NoteFor(TextAnalysis a, int originalLength) => a switch
    {
        { Language: "und" } when originalLength == 0 || a.AnalysedLength == 0 => "empty text: nothing to analyse",
        { Language: "und" } => "no letters in the text: nothing to analyse",
        { Supported: false } => $"language '{a.Language}' is not analysed yet: sentiment, themes and emotions are for English only",
        { Truncated: true } => $"only the first {a.AnalysedLength:N0} of {originalLength:N0} characters were analysed",
        _ => null,
    };
}

public sealed record AnalyzeResponse(IReadOnlyList<AnalysisResponse> Results);

public sealed record ThemeBody(string? Name, IReadOnlyList<string>? Phrases);

public sealed record ThemesRequest(IReadOnlyList<ThemeBody>? Themes);

public sealed record ThemeResponse(long Id, string Name, IReadOnlyList<string> Phrases)
{
    public static ThemeResponse Of(StoredTheme t) => new(t.Id, t.Name, t.Phrases);
}

public sealed record ReprocessResponse(long Processed);

public sealed record FeedbackPageResponse(long Total, int Page, int PageSize, IReadOnlyList<FeedbackRow> Items);

public sealed record MonthCount(string Month, long Mentions, double Share);

public sealed record ShiftResponse(double RecentShare, double EarlierShare, double PValue, bool Significant, string Verdict);

public sealed record NpsImpactResponse(double? Raised, long RaisedN, double? Others, long OthersN, double? Gap, double? Low, double? High, double? PValue, string? Verdict);

/// <summary>Churn among customers who raised a theme vs the other customers with feedback: rates in %, lift and its 95% interval.</summary>
public sealed record ChurnLiftResponse(double RaisedRate, long Raised, double OthersRate, long Others, double? Lift, double? Low, double? High, bool Significant);

public sealed record ThemeSummaryRow(
    long Id, string Name, long Mentions, long Customers, double Share, double? AverageSentiment, double NegativeShare,
    IReadOnlyList<MonthCount> Trend, ShiftResponse? Shift, NpsImpactResponse Nps, ChurnLiftResponse Churn);

public sealed record PlaceCell(string Theme, string Place, long Mentions, double? AverageSentiment);

public sealed record ThemeSummaryResponse(long Feedback, IReadOnlyList<string> Months, IReadOnlyList<ThemeSummaryRow> Themes, IReadOnlyList<string> Places, IReadOnlyList<PlaceCell> Cells);
