using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Core.Outbound;

/// <summary>
/// Signs a webhook delivery so the receiver can prove it came from Cairn and was not replayed:
/// header <c>Cairn-Signature: t=UNIX_SECONDS,v1=HEX</c>, where HEX is HMAC-SHA256 with the
/// webhook's secret over <c>"{t}.{body}"</c>. The receiver recomputes it, compares in constant time
/// and refuses a timestamp older than a few minutes.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Cairn-Signature";

    /// <summary>How old a signed timestamp may be when <see cref="Verify"/> checks it.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(secret, t, body)}";
    }

    /// <summary>Whether a header value signs this body with this secret, within <see cref="Tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var parts = (header ?? "").Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hex(secret, t, body)), Encoding.ASCII.GetBytes(v1));
    }

    /// <summary>A new random secret for a webhook: 32 bytes, hex, prefixed so it is recognisable in a leak scan.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Hex(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
