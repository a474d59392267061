using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Customer health over HTTP: recompute, the at-risk list with every input's points, outreach cases from it, the backtest, and bad parameters named.</summary>
public sealed class HealthApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AnUnhappyCustomer_IsListed_WithTheReasons_AndGetsOneOutreachCase()
    {
        var now = DateTime.UtcNow;
        var signup = now.AddYears(-1);
        object[] customers = [new { id = "sad", traits = new { signupAt = signup, monthlyRevenue = 60 } }, new { id = "happy", traits = new { signupAt = signup } }];
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, 10).SelectMany(i => new object[]
        {
            new { id = $"s{i}", customerId = "sad", name = "app_login", timestamp = now.AddDays(-35 - (i * 5)), channel = "app" },
            new { id = $"h{i}", customerId = "happy", name = "app_login", timestamp = now.AddDays(-1 - (i * 8)), channel = "app" },
        }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();
        var tickets = Enumerable.Range(0, 3).Select(i => new
        {
            id = $"t{i}", source = "ticket", customerId = "sad", text = "Awful. Third call and the line is still dead, nobody helps.", timestamp = now.AddDays(-2 - (i * 6)),
        }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", new { feedback = tickets })).EnsureSuccessStatusCode();

        var run = await Json(await _server.Client.PostAsync("/api/v1/health/recompute", null), HttpStatusCode.OK);
        Assert.Equal(2, run.GetProperty("customers").GetInt32());

        var list = await Json(await _server.Client.GetAsync("/api/v1/health/at-risk"), HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var sad = list.GetProperty("customers")[0];
        Assert.Equal(("sad", "at_risk", "after_failed_contact"), (sad.GetProperty("customerId").GetString(), sad.GetProperty("band").GetString(), sad.GetProperty("moment").GetString()));
        var points = sad.GetProperty("contributions").EnumerateArray().ToDictionary(c => c.GetProperty("input").GetString()!, c => c.GetProperty("points").GetDouble());
        Assert.Equal(-18, points["Support contacts"]);
        Assert.Equal(-15, points["Usage trend"]); // went quiet after using the app
        Assert.Equal(sad.GetProperty("score").GetDouble(), 70 + points.Values.Sum(), 6);

        var opened = await Json(await _server.Client.PostAsJsonAsync("/api/v1/health/outreach", new { customerIds = new[] { "sad", "happy" }, owner = "kim@example.com" }), HttpStatusCode.OK);
        var caseId = Assert.Single(opened.GetProperty("opened").EnumerateArray()).GetInt64();
        Assert.Equal(1, opened.GetProperty("skipped").GetInt32()); // happy is not on the list
        var again = await Json(await _server.Client.PostAsJsonAsync("/api/v1/health/outreach", new { customerIds = new[] { "sad" } }), HttpStatusCode.OK);
        Assert.Empty(again.GetProperty("opened").EnumerateArray());
        var view = await Json(await _server.Client.GetAsync("/api/v1/customers/sad"), HttpStatusCode.OK);
        Assert.Equal(caseId, view.GetProperty("health").GetProperty("openOutreachCase").GetInt64());
        var theCase = await Json(await _server.Client.GetAsync($"/api/v1/cases/{caseId}"), HttpStatusCode.OK);
        Assert.Contains("kim@example.com", theCase.GetRawText(), StringComparison.Ordinal);

        var signals = await Json(await _server.Client.GetAsync("/api/v1/health/leading-indicators?horizonDays=30"), HttpStatusCode.OK);
        Assert.Equal(9, signals.GetProperty("indicators").GetArrayLength());
        await Json(await _server.Client.GetAsync("/api/v1/health/leading-indicators?horizonDays=5"), HttpStatusCode.BadRequest);
        var check = await Json(await _server.Client.GetAsync("/api/v1/health/validation?horizonDays=30"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, check.GetProperty("auc").ValueKind); // nobody has left: nothing to check against, and it says so
        Assert.Contains("nothing to check", check.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadParameters_AreNamed()
    {
        var list = await Json(await _server.Client.GetAsync("/api/v1/health/at-risk?moment=someday&limit=0&offset=-1"), HttpStatusCode.BadRequest);
        Assert.Equal(["moment", "limit", "offset"], list.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        var outreach = await Json(await _server.Client.PostAsJsonAsync("/api/v1/health/outreach", new { customerIds = Array.Empty<string>(), slaHours = 0 }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["customerIds", "slaHours"], outreach.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var check = await Json(await _server.Client.GetAsync($"/api/v1/health/validation?horizonDays=5&cutOff={DateTime.UtcNow:yyyy-MM-dd}"), HttpStatusCode.BadRequest);
        Assert.Equal(["horizonDays", "cutOff"], check.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
    }
}
