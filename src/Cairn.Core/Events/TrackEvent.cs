using System.Text.Json;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Events;

/// <summary>
/// One thing a customer did on a channel (a Segment-style <c>track</c> call).
/// <see cref="Id"/> is the idempotency id: the same id sent twice is stored once.
/// </summary>
public sealed record TrackEvent(string Id, string CustomerId, string Name, DateTime Timestamp, string? Channel, string? PropertiesJson)
{
    /// <summary>Reads one item of <c>POST /api/v1/events</c>; returns null and adds errors when it is invalid.</summary>
    public static TrackEvent? Read(JsonElement item, int index, List<ItemError> errors)
    {
        var fields = new FieldReader(item, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each event must be an object, not {FieldReader.Describe(item.ValueKind)}");
            return null;
        }

        var before = errors.Count;
        var id = fields.RequiredString("id");
        var customerId = fields.RequiredString("customerId");
        var name = fields.RequiredString("name");
        var timestamp = fields.RequiredTimestamp("timestamp");
        var channel = Channels.Normalise(fields.OptionalString("channel", 50));
        var properties = fields.OptionalObjectJson("properties");
        return errors.Count > before ? null : new TrackEvent(id!, customerId!, name!, timestamp!.Value, channel, properties);
    }
}
