using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The insights library over HTTP: a finding saved with its metric snapshot and quoted words, and bad evidence refused.</summary>
public sealed class InsightApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AFinding_KeepsItsEvidence()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers = new[] { new { id = "ana" } } })).EnsureSuccessStatusCode();
        var said = "Waited three weeks for a refund. Unacceptable.";
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", new { feedback = new[] { new { id = "t1", source = "ticket", customerId = "ana", text = said } } })).EnsureSuccessStatusCode();

        var bad = await Json(await _server.Client.PostAsJsonAsync("/api/v1/insights", new { title = "", finding = "x", metric = "revenue", by = "weekday", initiativeId = 99, verbatims = new[] { "nope" } }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["title", "metric", "by", "verbatims", "initiativeId"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));

        var created = await Json(await _server.Client.PostAsJsonAsync("/api/v1/insights",
            new { title = "Refunds are slow", finding = "Refund tickets are the angriest.", metric = "sentiment", owner = "billing@example.com", verbatims = new[] { "t1" } }), HttpStatusCode.Created);
        var list = await Json(await _server.Client.GetAsync("/api/v1/insights"), HttpStatusCode.OK);
        var insight = list[0];
        Assert.Equal(created.GetProperty("id").GetInt64(), insight.GetProperty("id").GetInt64());
        Assert.Equal(said, insight.GetProperty("verbatims")[0].GetProperty("text").GetString());
        Assert.Equal(("sentiment", 1), (insight.GetProperty("metric").GetString(), insight.GetProperty("metricN").GetInt32()));
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/insights/{insight.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(0, (await Json(await _server.Client.GetAsync("/api/v1/insights"), HttpStatusCode.OK)).GetArrayLength());
    }
}
