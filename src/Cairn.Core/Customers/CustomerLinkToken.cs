using System.Security.Cryptography;
using System.Text;

namespace Cairn.Core.Customers;

/// <summary>
/// The token in a personal link that is not a survey invitation (confirm an email address,
/// unsubscribe from program messages): base64url("purpose.linkId") + "." + base64url(HMAC-SHA256).
/// The link id is random and names a stored row (whose link, until when, used or not); the
/// signature, with the workspace's link secret, makes a guessed or altered token fail before any
/// lookup matters. Like <see cref="Surveys.InvitationToken"/>, it carries no personal data.
/// </summary>
public static class CustomerLinkToken
{
    public const string Confirm = "confirm";

    public const string Unsubscribe = "unsubscribe";

    public static string NewLinkId() => "l" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string Create(byte[] key, string purpose, string linkId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(linkId);
        var payload = Encoding.ASCII.GetBytes($"{purpose}.{linkId}");
        return System.Buffers.Text.Base64Url.EncodeToString(payload) + "." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Reads the purpose and link id without checking the signature (the key depends on the link's workspace); false when malformed.</summary>
    public static bool TryRead(string? token, out string purpose, out string linkId)
    {
        purpose = "";
        linkId = "";
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || token.Length > 300 || dot <= 0 || !System.Buffers.Text.Base64Url.IsValid(token.AsSpan(0, dot)))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, dot))).Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        (purpose, linkId) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>Whether the token was signed with <paramref name="key"/> (constant time).</summary>
    public static bool IsSigned(byte[] key, string token)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(token);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !System.Buffers.Text.Base64Url.IsValid(token.AsSpan(0, dot)) || !System.Buffers.Text.Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return false;
        }

        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(dot + 1)));
    }
}
