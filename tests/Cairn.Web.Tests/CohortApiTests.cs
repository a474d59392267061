using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Retention curves over HTTP, and a change comparison, with bad parameters named.</summary>
public sealed class CohortApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Curves_ByCohortAndAroundAChange()
    {
        var now = DateTime.UtcNow;
        var old = now.AddMonths(-10);
        var young = now.AddMonths(-4);
        var customers = Enumerable.Range(0, 40).Select(i => new
        {
            id = $"c{i}",
            traits = new { signupAt = i < 20 ? old : young, churnedAt = i % 10 == 0 ? (i < 20 ? old : young).AddDays(45) : (DateTime?)null, status = i % 10 == 0 ? "churned" : "active" },
        }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();

        var report = await Json(await _server.Client.GetAsync("/api/v1/cohorts?months=6"), HttpStatusCode.OK);
        var curves = report.GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal(2, curves.Count);
        Assert.All(curves, c => Assert.Equal(20, c.GetProperty("customers").GetInt32()));
        Assert.Equal(90, curves[0].GetProperty("points")[2].GetProperty("retention").GetDouble(), 6); // 2 of 20 left in month 2

        var change = await Json(await _server.Client.GetAsync($"/api/v1/cohorts?by=change&changeFrom={now.AddMonths(-6):yyyy-MM-dd}&changeTo={now.AddMonths(-5):yyyy-MM-dd}&compareAt=3&months=6"), HttpStatusCode.OK);
        Assert.Equal(["before", "after"], change.GetProperty("curves").EnumerateArray().Select(c => c.GetProperty("group").GetString()));
        Assert.Contains("within chance", change.GetProperty("change").GetProperty("verdicts")[0].GetString(), StringComparison.Ordinal); // the same churn before and after

        var bad = await Json(await _server.Client.GetAsync("/api/v1/cohorts?by=weekday&months=99&changeFrom=soon"), HttpStatusCode.BadRequest);
        Assert.Equal(["by", "months", "changeFrom"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        var noDates = await Json(await _server.Client.GetAsync("/api/v1/cohorts?by=change"), HttpStatusCode.BadRequest);
        Assert.Contains("changeFrom", noDates.GetRawText(), StringComparison.Ordinal);
    }
}
