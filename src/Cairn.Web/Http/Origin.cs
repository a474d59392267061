using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Http;

/// <summary>
/// The start of links written into messages to customers: the configured public address
/// (CAIRN_PUBLIC_URL) when there is one, else this server's address as the request reached it.
/// </summary>
public static class Origin
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetService(typeof(CairnWebOptions)) is CairnWebOptions { PublicUrl: { } configured }
            ? configured
            : $"{context.Request.Scheme}://{context.Request.Host}";
    }
}
