using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Core.Surveys;

/// <summary>
/// The token in a personal survey link: which survey, which invitation, until when, signed with
/// the workspace's secret (HMAC-SHA256), so a link cannot be forged, retargeted to another
/// survey or stretched past its expiry. It carries no personal data: the invitation row knows
/// the customer. Format: base64url("survey.invitation.expiry") + "." + base64url(signature).
/// </summary>
public static class InvitationToken
{
    public enum Problem
    {
        None,
        Malformed,
        Tampered,
        Expired,
    }

    public static string Create(byte[] key, long surveyId, string invitationId, DateTime expiresAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(invitationId);
        var payload = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{surveyId}.{invitationId}.{new DateTimeOffset(expiresAt, TimeSpan.Zero).ToUnixTimeSeconds()}"));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(key, payload));
    }

    public static Problem Read(byte[] key, string? token, DateTime now, out long surveyId, out string invitationId)
    {
        ArgumentNullException.ThrowIfNull(key);
        surveyId = 0;
        invitationId = "";
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || token.Length > 400 || dot <= 0 || !TryBase64Url(token[..dot], out var payload) || !TryBase64Url(token[(dot + 1)..], out var signature))
        {
            return Problem.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return Problem.Tampered;
        }

        var parts = Encoding.ASCII.GetString(payload).Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out surveyId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return Problem.Malformed;
        }

        invitationId = parts[1];
        return DateTimeOffset.FromUnixTimeSeconds(expiry).UtcDateTime <= now ? Problem.Expired : Problem.None;
    }

    /// <summary>A new invitation id: 20 random characters, unguessable.</summary>
    public static string NewInvitationId() => "i" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static bool TryBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !System.Buffers.Text.Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        return bytes.Length > 0;
    }
}
