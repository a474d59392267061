using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Text;

namespace Cairn.Core.Feedback;

/// <summary>
/// A feedback-explorer request: which verbatims to show (theme, sentiment, emotion, source,
/// competitor, touchpoint, segment, dates, words) and which page. The API, the page and the
/// CLI parse into this, so they filter alike. Filter values are bound as parameters, never SQL.
/// </summary>
public sealed record FeedbackQuery
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 200;

    public static readonly string[] Sentiments = ["positive", "neutral", "negative", "mixed", "unsupported"];

    public string? Theme { get; init; }
    public string? Sentiment { get; init; }
    public string? Emotion { get; init; }
    public FeedbackSource? Source { get; init; }

    /// <summary>"us" for feedback about us, "any" for about any competitor, or a competitor's name.</summary>
    public string? Competitor { get; init; }
    public string? Touchpoint { get; init; }
    public string? Segment { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Search { get; init; }
    public int Page { get; init; } = 1;

    public int Offset => (Page - 1) * PageSize;

    public static FeedbackQuery Parse(IReadOnlyDictionary<string, string?> values, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var sentiment = Get("sentiment")?.ToLowerInvariant();
        if (sentiment is not null && Array.IndexOf(Sentiments, sentiment) < 0)
        {
            errors.Add(new ItemError(0, "sentiment", $"one of: {string.Join(", ", Sentiments)}"));
        }

        var emotion = Get("emotion")?.ToLowerInvariant();
        if (emotion is not null && !Emotions.All.Any(e => e.Name == emotion))
        {
            errors.Add(new ItemError(0, "emotion", $"one of: {string.Join(", ", Emotions.All.Select(e => e.Name))}"));
        }

        FeedbackSource? source = null;
        if (Get("source") is { } sourceText)
        {
            if (FeedbackSources.TryParse(sourceText, out var parsed))
            {
                source = parsed;
            }
            else
            {
                errors.Add(new ItemError(0, "source", $"one of: {FeedbackSources.AllKeys}"));
            }
        }

        var page = 1;
        if (Get("page") is { } pageText && (!int.TryParse(pageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
        {
            errors.Add(new ItemError(0, "page", "must be a whole number from 1 to 100000"));
        }

        var search = Get("q");
        if (search is { Length: > MaxSearchLength })
        {
            errors.Add(new ItemError(0, "q", $"at most {MaxSearchLength} characters"));
        }

        foreach (var key in new[] { "theme", "competitor", "touchpoint", "segment" })
        {
            if (Get(key) is { Length: > 200 })
            {
                errors.Add(new ItemError(0, key, "at most 200 characters"));
            }
        }

        var from = MetricQuery.ParseDate(Get("from"), "from", errors);
        var to = MetricQuery.ParseDate(Get("to"), "to", errors);
        if (from is not null && to is not null && to <= from)
        {
            errors.Add(new ItemError(0, "to", "must be later than 'from'"));
        }

        return new FeedbackQuery
        {
            Theme = Get("theme"),
            Sentiment = sentiment,
            Emotion = emotion,
            Source = source,
            Competitor = Get("competitor"),
            Touchpoint = Get("touchpoint"),
            Segment = Get("segment"),
            From = from,
            To = to,
            Search = search,
            Page = Math.Max(page, 1),
        };
    }
}
