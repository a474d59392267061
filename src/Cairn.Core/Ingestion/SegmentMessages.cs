using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Events;

namespace Cairn.Core.Ingestion;

/// <summary>
/// Maps Segment's HTTP tracking spec (identify, track, page, screen, and batch of them) onto
/// Cairn's records, so an existing Segment or RudderStack pipeline can forward unchanged.
/// <c>messageId</c> is the idempotency id; <c>userId</c> (or else <c>anonymousId</c>) the customer.
/// <c>group</c> and <c>alias</c> are accepted and counted as skipped: Cairn has no use for them yet.
/// </summary>
public static class SegmentMessages
{
    /// <summary>What a batch of messages turned into; group and alias calls are only counted.</summary>
    public sealed class Result
    {
        public List<CustomerProfile> Customers { get; } = [];

        public List<TrackEvent> Events { get; } = [];

        public int Skipped { get; set; }
    }

    /// <summary>Reads one message whose type is given by the route (identify/track) or by its "type" field (batch).</summary>
    public static void Read(JsonElement message, int index, string? routeType, DateTime now, Result into, List<ItemError> errors)
    {
        var fields = new FieldReader(message, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each message must be an object, not {FieldReader.Describe(message.ValueKind)}");
            return;
        }

        var type = routeType ?? fields.RequiredString("type", 20)?.ToLowerInvariant();
        if (type is null)
        {
            return;
        }

        var before = errors.Count;
        var customerId = fields.OptionalString("userId") ?? fields.OptionalString("anonymousId");
        if (customerId is null && errors.Count == before)
        {
            fields.Fail("userId", "userId or anonymousId is required");
        }

        switch (type)
        {
            case "identify":
                var traits = fields.Nested("traits");
                var profile = CustomerProfile.ReadTraits(customerId ?? "", traits, fields.OptionalObjectJson("traits"));
                if (errors.Count == before)
                {
                    into.Customers.Add(profile);
                }

                return;
            case "track":
            case "page":
            case "screen":
                var messageId = fields.RequiredString("messageId");
                var name = type == "track" ? fields.RequiredString("event") : type;
                var timestamp = fields.OptionalTimestamp("timestamp") ?? fields.OptionalTimestamp("sentAt") ?? now;
                var properties = fields.OptionalObjectJson("properties");
                var channel = Channels.Normalise(fields.Nested("context").OptionalString("channel", 50)) ?? (type == "screen" ? "app" : type == "page" ? "web" : null);
                if (errors.Count == before)
                {
                    into.Events.Add(new TrackEvent(messageId!, customerId!, name!, timestamp, channel, properties));
                }

                return;
            case "group":
            case "alias":
                into.Skipped++;
                return;
            default:
                fields.Fail("type", "must be identify, track, page, screen, group or alias");
                return;
        }
    }
}
