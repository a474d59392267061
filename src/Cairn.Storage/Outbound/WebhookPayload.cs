using System.Text.Json;

namespace Cairn.Storage;

/// <summary>
/// The body of a webhook delivery: <c>{"event", "ref", "occurredAt", "workspaceId", "data"}</c>, camelCase
/// JSON. The same body is signed and sent on every attempt, so a receiver can dedupe by event and ref.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of(string eventName, string reference, DateTime occurredAt, long workspaceId, object data) =>
        JsonSerializer.Serialize(new { @event = eventName, @ref = reference, occurredAt, workspaceId, data }, Options);
}
