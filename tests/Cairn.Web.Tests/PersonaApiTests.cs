using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Personas over HTTP: found in the data, defined by a rule, read as an empathy map, refused when the rule is bad.</summary>
public sealed class PersonaApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task APersona_IsFoundDefinedReadAndDeleted()
    {
        object[] customers = [new { id = "a", traits = new { persona = "family", segment = "consumer" } }, new { id = "b", traits = new { persona = "pro", segment = "business" } }];
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();
        var said = "The <b>bill</b> doubled and nobody explains why. Awful.";
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", new { feedback = new[] { new { id = "t1", source = "ticket", customerId = "a", text = said } } })).EnsureSuccessStatusCode();

        var list = await Json(await _server.Client.GetAsync("/api/v1/personas"), HttpStatusCode.OK);
        Assert.Equal(["family", "pro"], list.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(1, list[0].GetProperty("size").GetProperty("customers").GetInt32());

        var family = await Json(await _server.Client.GetAsync("/api/v1/personas/family"), HttpStatusCode.OK);
        var themes = family.GetProperty("themes").EnumerateArray().Select(t => t.GetProperty("theme").GetString()).ToList();
        Assert.Contains("Billing and price", themes);
        Assert.Equal(2, family.GetProperty("persona").GetProperty("size").GetProperty("allCustomers").GetInt32());

        var bad = await Json(await _server.Client.PutAsJsonAsync("/api/v1/personas/Bad Id", new { name = "", rule = new { colour = "red" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["id", "name", "rule.colour"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var everyone = await Json(await _server.Client.PutAsJsonAsync("/api/v1/personas/all", new { name = "All", rule = new { } }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("every customer", everyone.GetRawText(), StringComparison.Ordinal);

        var defined = await Json(await _server.Client.PutAsJsonAsync("/api/v1/personas/businesses", new { name = "Businesses", rule = new { segment = new[] { "business" } } }), HttpStatusCode.OK);
        Assert.Equal((1, "segment business"), (defined.GetProperty("size").GetProperty("customers").GetInt32(), defined.GetProperty("ruleText").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("/api/v1/personas/businesses")).StatusCode);
        await Json(await _server.Client.DeleteAsync("/api/v1/personas/family"), HttpStatusCode.NotFound); // found in the data, not defined
        await Json(await _server.Client.GetAsync("/api/v1/personas/nobody"), HttpStatusCode.NotFound);
    }
}
