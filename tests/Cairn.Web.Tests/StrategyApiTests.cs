using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The strategy cockpit over HTTP: written, owned, and each initiative's ROI with its assumptions.</summary>
public sealed class StrategyApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TheCockpit_HoldsTheStrategy_Owners_AndTheRoadmapsReturn()
    {
        var bad = await Json(await _server.Client.PutAsJsonAsync("/api/v1/strategy", new { northStar = "revenue", northStarTarget = 500, targetDate = "next year" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["northStar", "targetDate", "northStarTarget"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var saved = await Json(await _server.Client.PutAsJsonAsync("/api/v1/strategy",
            new { vision = "Never make them call", promise = "Fixed once", grounded = "Support contacts drive churn", northStar = "nps", northStarTarget = 30, targetDate = "2027-06-30" }), HttpStatusCode.OK);
        Assert.Equal("Never make them call", saved.GetProperty("vision").GetString());

        var journey = await Json(await _server.Client.PostAsJsonAsync("/api/v1/journeys", new
        {
            name = "Service", stages = new[] { new { name = "Service and Use", touchpoints = new[] { new { name = "Support call", channel = "phone", events = new[] { "support_call" } } } } },
        }), HttpStatusCode.Created);
        var initiative = await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new
        {
            title = "Call-back", owner = "admin@cairn.local", metric = "nps", baseline = 10, target = 15, startDate = "2026-01-01", dueDate = "2026-02-15",
        }), HttpStatusCode.Created);
        var id = initiative.GetProperty("initiative").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsJsonAsync($"/api/v1/initiatives/{id}/economics", new { cost = 1000, reach = 500 })).StatusCode);
        await Json(await _server.Client.PutAsJsonAsync($"/api/v1/initiatives/{id}/economics", new { cost = -1 }), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/initiatives/999999/economics", new { cost = 1 }), HttpStatusCode.NotFound);

        var cockpit = await Json(await _server.Client.GetAsync("/api/v1/strategy"), HttpStatusCode.OK);
        Assert.Equal(30, cockpit.GetProperty("strategy").GetProperty("northStarTarget").GetDouble());
        var stage = cockpit.GetProperty("stageOwners")[0].GetProperty("stageId").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsJsonAsync($"/api/v1/strategy/stages/{stage}/owner", new { owner = "care.lead@example.com" })).StatusCode);
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/strategy/stages/999999/owner", new { owner = "x" }), HttpStatusCode.NotFound);
        cockpit = await Json(await _server.Client.GetAsync("/api/v1/strategy"), HttpStatusCode.OK);
        Assert.Equal("care.lead@example.com", cockpit.GetProperty("stageOwners")[0].GetProperty("owner").GetString());
        var roi = cockpit.GetProperty("roadmap")[0].GetProperty("roi");
        Assert.Equal((500, 5.0, false, 1000.0), (roi.GetProperty("reach").GetInt32(), roi.GetProperty("npsChange").GetDouble(), roi.GetProperty("measured").GetBoolean(), roi.GetProperty("cost").GetDouble()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, roi.GetProperty("value").ValueKind); // no churn history yet: no value is invented
        Assert.Contains(roi.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.Contains("no churn gap", StringComparison.Ordinal));
        Assert.True(journey.GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public async Task EachTest_IsShownBySavedFindings_LinkedAndUnlinked()
    {
        var insight = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/insights", new { title = "Waiting drives detractors", finding = "Wait time is the top detractor theme.", metric = "nps" }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsync($"/api/v1/strategy/evidence/grounded/{insight}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsync($"/api/v1/strategy/evidence/grounded/{insight}", null)).StatusCode); // linking twice is one link
        await Json(await _server.Client.PutAsync($"/api/v1/strategy/evidence/obvious/{insight}", null), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PutAsync("/api/v1/strategy/evidence/achievable/999999", null), HttpStatusCode.NotFound);

        var evidence = (await Json(await _server.Client.GetAsync("/api/v1/strategy"), HttpStatusCode.OK)).GetProperty("evidence");
        var linked = Assert.Single(evidence.EnumerateArray());
        Assert.Equal(("grounded", "Waiting drives detractors", "nps"), (linked.GetProperty("test").GetString(), linked.GetProperty("title").GetString(), linked.GetProperty("metric").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsync($"/api/v1/strategy/evidence/achievable/{insight}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/strategy/evidence/grounded/{insight}")).StatusCode);
        evidence = (await Json(await _server.Client.GetAsync("/api/v1/strategy"), HttpStatusCode.OK)).GetProperty("evidence");
        Assert.Equal(["achievable"], evidence.EnumerateArray().Select(e => e.GetProperty("test").GetString()));

        // Deleting the insight takes it out of the evidence: a test never points at nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/insights/{insight}")).StatusCode);
        Assert.Empty((await Json(await _server.Client.GetAsync("/api/v1/strategy"), HttpStatusCode.OK)).GetProperty("evidence").EnumerateArray());
        var audit = await Json(await _server.Client.GetAsync("/api/v1/audit-log?action=strategy"), HttpStatusCode.OK);
        Assert.Contains("strategy.evidence_linked", audit.GetRawText(), StringComparison.Ordinal);
    }
}
