using System.Text.Json;
using Cairn.Core.Events;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Feedback;

/// <summary>
/// One piece of feedback that did not come through a Cairn survey: a review, a social post,
/// a ticket, a chat transcript, interview notes. <see cref="Competitor"/> is set when the
/// feedback is about a competitor (competitive benchmarking reads those).
/// </summary>
public sealed record FeedbackItem(
    string Id,
    FeedbackSource Source,
    string? CustomerId,
    string? Competitor,
    double? Rating,
    double? RatingScale,
    string? Title,
    string? Text,
    DateTime OccurredAt,
    string? Channel,
    string? PropertiesJson)
{
    public FeedbackKind Kind => Source.Kind();

    /// <summary>The survey response a comment belongs to: it gives the comment its touchpoint and stage.</summary>
    public string? ResponseId { get; init; }

    /// <summary>Reads one item of <c>POST /api/v1/feedback</c>. A missing timestamp means "now".</summary>
    public static FeedbackItem? Read(JsonElement item, int index, DateTime now, List<ItemError> errors)
    {
        var fields = new FieldReader(item, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each feedback item must be an object, not {FieldReader.Describe(item.ValueKind)}");
            return null;
        }

        var before = errors.Count;
        var id = fields.RequiredString("id");
        var sourceText = fields.RequiredString("source", 40);
        FeedbackSource source = default;
        if (sourceText is not null && !FeedbackSources.TryParse(sourceText, out source))
        {
            fields.Fail("source", $"must be one of {FeedbackSources.AllKeys}");
        }

        var scale = fields.OptionalNumber("ratingScale", 1, 100);
        var rating = fields.OptionalNumber("rating", 0, scale ?? 100);
        var text = fields.OptionalString("text", FieldReader.MaxTextLength);
        if (rating is null && text is null && errors.Count == before)
        {
            fields.Fail("text", "is required when there is no rating");
        }

        var result = new FeedbackItem(
            id ?? "",
            source,
            fields.OptionalString("customerId"),
            fields.OptionalString("competitor"),
            rating,
            rating is null ? null : scale ?? 5,
            fields.OptionalString("title", 1000),
            text,
            fields.OptionalTimestamp("timestamp") ?? now,
            Channels.Normalise(fields.OptionalString("channel", 50)),
            fields.OptionalObjectJson("properties"))
        {
            ResponseId = fields.OptionalString("responseId"),
        };
        return errors.Count > before ? null : result;
    }
}
