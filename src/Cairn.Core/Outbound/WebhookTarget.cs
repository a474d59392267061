using System.Net;
using System.Net.Sockets;

namespace Cairn.Core.Outbound;

/// <summary>
/// Which URLs a webhook may call. Cairn runs inside a company's network, so a webhook that points at
/// an internal address would let anyone who can create one reach internal services (SSRF). Targets
/// must be http(s) URLs without credentials, and every address the host resolves to must be public
/// unless an admin allowed private targets for that webhook. The check runs when the webhook is
/// saved and again on every connection (the name may resolve elsewhere later).
/// </summary>
public static class WebhookTarget
{
    public const int MaxLength = 2000;

    /// <summary>Why a URL cannot be a webhook target, or null when it can (the address check of an IP literal included).</summary>
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength)
        {
            return $"an absolute http or https URL of at most {MaxLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "an absolute http or https URL";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "credentials do not belong in the URL; the signature proves the sender";
        }

        if (uri.Fragment.Length > 0)
        {
            return "a URL without a #fragment";
        }

        if (!allowPrivate && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IsPrivate(ip))))
        {
            return "the target is a loopback, private or link-local address; an admin can allow private targets for this webhook";
        }

        return null;
    }

    /// <summary>
    /// Whether an address is not on the public internet: loopback, private (RFC 1918, unique local),
    /// carrier-grade NAT, link-local (cloud metadata lives at 169.254.169.254), unspecified,
    /// multicast, broadcast or reserved; IPv4 inside IPv6 is judged as IPv4.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,
                169 => b[1] == 254,
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0) || (b[1] == 0 && b[2] == 2),
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,
                _ => false,
            };
        }

        var v6 = address.GetAddressBytes();
        return address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC      // fc00::/7 unique local
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8); // 2001:db8::/32 documentation
    }
}
