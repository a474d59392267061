namespace Cairn.Storage;

/// <summary>A theme found in one verbatim: where its evidence sits in the text and its sentence's sentiment.</summary>
public sealed record FeedbackThemeHit(long ThemeId, string Name, string? Evidence, int? Start, int? Length, double? Sentiment);

/// <summary>One verbatim as the explorer shows it. <see cref="Place"/> is its touchpoint, or its source when it has none.</summary>
public sealed record FeedbackRow(
    string Id, string Source, string? CustomerId, string? Competitor, double? Rating, double? RatingScale, string? Title, string? Text,
    DateTime OccurredAt, string? Channel, string Place, string? Language, double? SentimentScore, string? SentimentLabel, bool Mixed,
    IReadOnlyList<string> Emotions, IReadOnlyList<FeedbackThemeHit> Themes);

public sealed record FeedbackPage(long Total, IReadOnlyList<FeedbackRow> Items);

/// <summary>How often a theme comes up in the filtered feedback and how it feels.</summary>
public sealed record ThemeCount(long ThemeId, string Name, long Mentions, long Customers, double? AverageSentiment, long Negative);

public sealed record ThemeMonth(long ThemeId, DateTime Month, long Mentions);

public sealed record ThemePlace(long ThemeId, string Place, long Mentions, double? AverageSentiment);
