using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;

namespace Cairn.Core.Ingestion;

/// <summary>
/// Validated records to write in one acknowledged unit. Customers are written before events and
/// feedback, so a batch may identify a customer and track its events together.
/// <see cref="CreateMissingCustomers"/> is set for Segment-shaped input, where <c>track</c> often
/// precedes <c>identify</c>; Cairn's own event API refuses events of unknown customers instead,
/// so a typo in an id does not quietly create a customer.
/// </summary>
public sealed record IngestBatch(
    IReadOnlyList<CustomerProfile> Customers,
    IReadOnlyList<TrackEvent> Events,
    IReadOnlyList<FeedbackItem> Feedback,
    bool CreateMissingCustomers = false)
{
    public int Count => Customers.Count + Events.Count + Feedback.Count;

    public static IngestBatch OfCustomers(IReadOnlyList<CustomerProfile> customers) => new(customers, [], []);

    public static IngestBatch OfEvents(IReadOnlyList<TrackEvent> events) => new([], events, []);

    public static IngestBatch OfFeedback(IReadOnlyList<FeedbackItem> feedback) => new([], [], feedback);
}

/// <summary>
/// What happened to a batch: how many records were stored, how many were already there
/// (same idempotency id), and which items were refused (only possible for references the store
/// must check, such as unknown customers; shape errors are caught before the store is asked).
/// </summary>
public sealed record IngestOutcome(int Accepted, int Duplicates, IReadOnlyList<ItemError> Rejected)
{
    public static IngestOutcome Refused(IReadOnlyList<ItemError> errors) => new(0, 0, errors);
}
