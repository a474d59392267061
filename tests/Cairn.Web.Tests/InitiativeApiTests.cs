using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Initiatives over HTTP: bad input refused field by field, one started from a priorities gap, launched after the fact and measured.</summary>
public sealed class InitiativeApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AnInitiative_IsValidated_Started_Launched_AndMeasured()
    {
        var bad = await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives",
            new { title = "", owner = "ghost@example.com", metric = "vibes", dueDate = "soon", windowDays = 3, touchpoints = new[] { "Nowhere" }, gapKey = "theme:424242" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["title", "owner", "metric", "dueDate", "windowDays", "touchpoints", "gapKey"],
            bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var range = await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new { title = "x", owner = "admin@cairn.local", metric = "csat", target = 140 }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("target", range.GetProperty("errors")[0].GetProperty("field").GetString());

        var themes = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/themes");
        var billing = themes.EnumerateArray().First(t => t.GetProperty("name").GetString() == "Billing and price").GetProperty("id").GetInt64();
        var created = await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new
        {
            title = "Plain-language bills", owner = "admin@cairn.local", sponsor = "CFO", metric = "nps", baseline = 10, target = 20,
            dueDate = "2030-01-01", segments = new[] { "consumer" }, gapKey = $"theme:{billing}",
        }), HttpStatusCode.Created);
        var initiative = created.GetProperty("initiative");
        var id = initiative.GetProperty("id").GetInt64();
        Assert.Equal("planned", initiative.GetProperty("status").GetString());
        Assert.Equal(["segment:consumer", "theme:Billing and price"],
            initiative.GetProperty("links").EnumerateArray().Select(l => $"{l.GetProperty("kind").GetString()}:{l.GetProperty("label").GetString()}"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("measurement").ValueKind);

        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/initiatives/{id}/status", new { status = "done", launchedAt = "2020-01-01" }), HttpStatusCode.UnprocessableEntity);
        var launched = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/initiatives/{id}/status", new { status = "launched", launchedAt = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }), HttpStatusCode.OK);
        var measurement = launched.GetProperty("measurement");
        Assert.Equal("nps", measurement.GetProperty("metric").GetString());
        Assert.StartsWith("not measurable yet", measurement.GetProperty("verdict").GetString(), StringComparison.Ordinal); // no answers at all
        Assert.Equal(JsonValueKind.Null, measurement.GetProperty("effect").ValueKind);

        var list = await Json(await _server.Client.GetAsync("/api/v1/initiatives"), HttpStatusCode.OK);
        Assert.Equal("launched", list[0].GetProperty("initiative").GetProperty("status").GetString());
        await Json(await _server.Client.GetAsync("/api/v1/initiatives/999999"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/initiatives")).StatusCode);
    }
}
