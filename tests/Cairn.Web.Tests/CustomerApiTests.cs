using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The customer 360 over HTTP: one customer's timeline across channels, paged, with bad parameters named.</summary>
public sealed class CustomerApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task OneCustomer_IsSeenWhole_AndPaged()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "ana", traits = new { name = "Ana Lima", email = "ana@example.com" } })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, 5).Select(i => new { id = $"e{i}", customerId = "ana", name = "app_login", timestamp = new DateTime(2026, 9, 1 + i, 9, 0, 0, DateTimeKind.Utc), channel = "app" }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r1", customerId = "ana", answers = new { nps = 9 } }), HttpStatusCode.OK);

        var view = await Json(await _server.Client.GetAsync("/api/v1/customers/ana?limit=3"), HttpStatusCode.OK);
        Assert.Equal("Ana Lima", view.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal((5, 1), (view.GetProperty("counts").GetProperty("events").GetInt32(), view.GetProperty("counts").GetProperty("responses").GetInt32()));
        Assert.Equal(9, view.GetProperty("feeling").GetProperty("latestScores").GetProperty("nps").GetDouble());
        var page = view.GetProperty("timeline");
        Assert.Equal(["response", "event", "event"], page.EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        var next = view.GetProperty("nextBefore").GetString();
        var older = await Json(await _server.Client.GetAsync($"/api/v1/customers/ana?limit=3&before={Uri.EscapeDataString(next!)}"), HttpStatusCode.OK);
        Assert.Equal(3, older.GetProperty("timeline").GetArrayLength()); // the three oldest logins
        Assert.Equal(System.Text.Json.JsonValueKind.Null, older.GetProperty("nextBefore").ValueKind);

        var found = await Json(await _server.Client.GetAsync("/api/v1/customers?q=ana@"), HttpStatusCode.OK);
        Assert.Equal("ana", found[0].GetProperty("externalId").GetString());
        var bad = await Json(await _server.Client.GetAsync("/api/v1/customers/ana?limit=0&before=yesterday"), HttpStatusCode.BadRequest);
        Assert.Equal(["before", "limit"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        await Json(await _server.Client.GetAsync("/api/v1/customers"), HttpStatusCode.BadRequest);
        await Json(await _server.Client.GetAsync("/api/v1/customers/nobody"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/customers/ana")).StatusCode);
    }
}
