using System.Text.Json;

namespace Cairn.Web.Ingestion;

/// <summary>The answer to an accepted ingestion request: how many records were new, how many already stored.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, int Skipped = 0);

// Request shapes, for the OpenAPI document. Bodies are parsed by hand (see JsonBody) so that every
// bad item and field can be named in the error, which model binding cannot do.

/// <summary><c>POST /api/v1/events</c>: up to 10,000 events; <c>id</c> is the idempotency id.</summary>
public sealed record EventBatchRequest(IReadOnlyList<EventRequest> Events);

public sealed record EventRequest(string Id, string CustomerId, string Name, DateTimeOffset Timestamp, string? Channel, JsonElement? Properties);

/// <summary><c>POST /api/v1/identify</c>: one customer, or <c>{"customers": [...]}</c> for many.</summary>
public sealed record IdentifyRequest(string Id, JsonElement? Traits);

/// <summary><c>POST /api/v1/records</c>: up to 10,000 CRM/ERP facts about known customers.</summary>
public sealed record RecordBatchRequest(IReadOnlyList<RecordRequest> Records);

/// <summary>
/// One CRM/ERP fact. <c>kind</c>: order, return, invoice, renewal or plan_change; <c>occurredAt</c>
/// in ISO 8601 only (a renewal may lie ahead); an <c>amount</c> needs its ISO 4217 <c>currency</c>.
/// </summary>
public sealed record RecordRequest(string Id, string CustomerId, string Kind, string OccurredAt, double? Amount, string? Currency, JsonElement? Properties);

/// <summary><c>POST /api/v1/feedback</c>: up to 10,000 items.</summary>
public sealed record FeedbackBatchRequest(IReadOnlyList<FeedbackRequest> Feedback);

public sealed record FeedbackRequest(
    string Id,
    string Source,
    string? Text,
    double? Rating,
    double? RatingScale,
    string? Competitor,
    string? CustomerId,
    string? Title,
    DateTimeOffset? Timestamp,
    string? Channel,
    JsonElement? Properties);

/// <summary>A message in Segment's HTTP tracking spec.</summary>
public sealed record SegmentMessageRequest(
    string? Type,
    string? MessageId,
    string? UserId,
    string? AnonymousId,
    string? Event,
    JsonElement? Traits,
    JsonElement? Properties,
    JsonElement? Context,
    DateTimeOffset? Timestamp);

public sealed record SegmentBatchRequest(IReadOnlyList<SegmentMessageRequest> Batch);
