using System.Net;
using System.Text.Json;

namespace Cairn.Web.Tests;

/// <summary>Reads an API answer, failing with its body when the status is not the expected one.</summary>
internal static class ApiResponses
{
    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
