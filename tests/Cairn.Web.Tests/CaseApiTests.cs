using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The closed loop over HTTP: a rule, a detractor's answer, the sweep, working the case to resolution, the figures, bad input.</summary>
public sealed class CaseApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _survey;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "d1", traits = new { email = "d1@example.com", segment = "consumer" } })).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "p1", traits = new { segment = "consumer" } })).EnsureSuccessStatusCode();
        var survey = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        Assert.Equal(HttpStatusCode.Created, survey.StatusCode);
        _survey = (await survey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ADetractorsAnswer_BecomesACase_WorkedToResolution_WithAReSurveyLink()
    {
        var rule = await Json(await _server.Client.PostAsJsonAsync("/api/v1/case-rules", new { name = "Detractors", condition = "NPS<=6", owner = "admin@cairn.local", slaHours = 24, since = "2020-01-01" }), HttpStatusCode.Created);
        Assert.Equal("nps <= 6", rule.GetProperty("condition").GetString());
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/responses", new { id = "a1", customerId = "d1", answers = new { nps = 2, why = "Billed twice and nobody called back" } }), HttpStatusCode.OK);
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/responses", new { id = "a2", customerId = "p1", answers = new { nps = 10 } }), HttpStatusCode.OK);

        var swept = await Json(await _server.Client.PostAsync("/api/v1/cases/sweep", null), HttpStatusCode.OK);
        Assert.Equal(1, swept.GetProperty("opened").GetInt32());
        var inbox = await Json(await _server.Client.GetAsync("/api/v1/cases?status=open"), HttpStatusCode.OK);
        Assert.Equal(1, inbox.GetProperty("total").GetInt64());
        var c = inbox.GetProperty("cases")[0];
        Assert.Equal("d1", c.GetProperty("customerId").GetString());
        Assert.Equal("admin@cairn.local", c.GetProperty("owner").GetString());
        Assert.Equal("Billed twice and nobody called back", c.GetProperty("verbatim").GetString());
        var id = c.GetProperty("id").GetInt64();

        // Work it: a note, a follow-up with a re-survey link, then resolve with a root cause.
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { text = "Refund approved" }), HttpStatusCode.OK);
        var followed = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/cases/{id}/follow-up", new { subject = "Your bill", body = "We refunded the double charge.", resurvey = true }), HttpStatusCode.OK);
        Assert.Equal("contacted", followed.GetProperty("case").GetProperty("status").GetString());
        var message = followed.GetProperty("messages")[0];
        Assert.Equal("d1@example.com", message.GetProperty("recipient").GetString());
        Assert.Equal("unsent", message.GetProperty("status").GetString()); // this server has no SMTP
        Assert.Contains($"/s/{_survey}?t=", message.GetProperty("body").GetString(), StringComparison.Ordinal);

        var refused = await _server.Client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "resolved" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("root cause", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var resolved = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "resolved", rootCause = "billing error" }), HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal(["note", "follow_up", "status", "status"], resolved.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("kind").GetString()));

        var metrics = await Json(await _server.Client.GetAsync("/api/v1/cases/metrics?from=2020-01-01"), HttpStatusCode.OK);
        Assert.Equal(1, metrics.GetProperty("tally").GetProperty("resolved").GetInt64());
        Assert.Equal(1, metrics.GetProperty("tally").GetProperty("detractorsWithCase").GetInt64());
        Assert.True(metrics.GetProperty("closure").GetProperty("tooFew").GetBoolean()); // one case is too few to quote a rate
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("closure").GetProperty("value").ValueKind);

        // Read-only callers see cases but cannot work them; nobody unauthenticated sees them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { text = "x" })).StatusCode);
    }

    [Fact]
    public async Task BadRulesRoutesAndChanges_AreRefused_WithEveryProblemNamed()
    {
        var bad = await Json(await _server.Client.PostAsJsonAsync("/api/v1/case-rules", new { name = "", condition = "nps <= 6 or ces >= 5", owner = "ghost@example.com", slaHours = 0 }), HttpStatusCode.UnprocessableEntity);
        var fields = bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "condition", "owner", "slaHours"], fields);
        Assert.Contains("'or' is not supported", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("ghost@example.com", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unknownTouchpoint = await Json(await _server.Client.PostAsJsonAsync("/api/v1/case-rules", new { name = "x", condition = "ces >= 5 and touchpoint = Nowhere" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no touchpoint called 'Nowhere'", unknownTouchpoint.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var route = await Json(await _server.Client.PostAsJsonAsync("/api/v1/case-routes", new { segment = "", owner = "admin@cairn.local" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("a touchpoint, a segment or both", route.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Json(await _server.Client.GetAsync("/api/v1/cases?status=closed"), HttpStatusCode.BadRequest);
        await Json(await _server.Client.GetAsync("/api/v1/cases/424242"), HttpStatusCode.NotFound);
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/cases/424242/status", new { status = "done" }), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/cases/424242/notes", new { text = "hello" }), HttpStatusCode.NotFound);
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/cases/424242/assign", new { owner = "ghost@example.com" }), HttpStatusCode.UnprocessableEntity);
        Assert.Empty((await Json(await _server.Client.GetAsync("/api/v1/case-rules"), HttpStatusCode.OK)).EnumerateArray());
    }
}
