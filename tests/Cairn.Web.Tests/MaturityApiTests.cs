using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>VoC maturity over HTTP: eight dimensions, answers validated, the team's answer used where the data is silent.</summary>
public sealed class MaturityApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Maturity_IsComputedWhereItCanBe_AndAskedWhereNot()
    {
        var empty = await Json(await _server.Client.GetAsync("/api/v1/maturity"), HttpStatusCode.OK);
        var dimensions = empty.GetProperty("dimensions");
        Assert.Equal(["signals", "data_quality", "time_to_insight", "time_to_action", "closed_loop", "text_analytics", "operations", "financial"],
            dimensions.EnumerateArray().Select(d => d.GetProperty("dimension").GetProperty("key").GetString()));
        var action = dimensions[3];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, action.GetProperty("level").ValueKind); // no case yet: the data cannot say
        Assert.Equal("no case has been acted on yet", action.GetProperty("evidence")[0].GetString());

        await Json(await _server.Client.PutAsJsonAsync("/api/v1/maturity/vibes", new { level = 3 }), HttpStatusCode.NotFound);
        var bad = await Json(await _server.Client.PutAsJsonAsync("/api/v1/maturity/time_to_action", new { level = 6, note = new string('x', 2001) }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["level", "note"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));

        var answered = await Json(await _server.Client.PutAsJsonAsync("/api/v1/maturity/time_to_action", new { level = 2, note = "cases wait for the weekly meeting" }), HttpStatusCode.OK);
        var now = answered.GetProperty("dimensions")[3];
        Assert.Equal((2, 2), (now.GetProperty("asked").GetInt32(), now.GetProperty("level").GetInt32()));
        Assert.Equal(2.0, answered.GetProperty("overall").GetDouble()); // the only dimension with a level on an empty workspace
        Assert.Equal("emerging", answered.GetProperty("stage").GetString());

        await Json(await _server.Client.GetAsync("/api/v1/maturity?from=someday"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/maturity")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.PutAsJsonAsync("/api/v1/maturity/signals", new { level = 5 })).StatusCode);
    }
}
