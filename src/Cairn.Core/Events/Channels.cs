namespace Cairn.Core.Events;

/// <summary>The channels a touchpoint or event can be on (DOMAIN.md, "Touchpoint"). Others are accepted as written.</summary>
public static class Channels
{
    public static readonly IReadOnlyList<string> Known = ["web", "app", "email", "phone", "chat", "store", "social", "sms", "field", "partner"];

    /// <summary>Lower-case, trimmed; null stays null.</summary>
    public static string? Normalise(string? channel) => channel?.Trim().ToLowerInvariant();
}
