using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Http;

/// <summary>This server's address as the request reached it: the start of links written into messages to customers.</summary>
public static class Origin
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{context.Request.Scheme}://{context.Request.Host}";
    }
}
