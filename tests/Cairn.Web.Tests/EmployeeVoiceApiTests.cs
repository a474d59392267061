using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Voice of the employee over HTTP: bad items named, small groups withheld with the reason.</summary>
public sealed class EmployeeVoiceApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Items_AreChecked_AndGroupsBelowTheMinimumAreWithheld()
    {
        object[] bad =
        [
            new { id = "a", team = "Care", kind = "rant", text = "x" },
            new { id = "b", team = "Care", kind = "pulse" },
            new { id = "c", team = "Care", kind = "idea" },
            new { id = "d", team = "Care", kind = "pulse", score = 11 },
        ];
        var refused = await Json(await _server.Client.PostAsJsonAsync("/api/v1/employee-feedback", new { items = bad }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["0:kind", "1:score", "2:text", "3:score"], refused.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("index").GetInt32()}:{e.GetProperty("field").GetString()}"));

        var pulses = Enumerable.Range(0, 4).Select(i => new { id = $"p{i}", team = "Care", kind = "pulse", score = 3 + i }).ToArray();
        var ok = await Json(await _server.Client.PostAsJsonAsync("/api/v1/employee-feedback", new { items = pulses }), HttpStatusCode.OK);
        Assert.Equal(4, ok.GetProperty("accepted").GetInt32());

        var withheld = await Json(await _server.Client.GetAsync("/api/v1/employee-voice"), HttpStatusCode.OK);
        var team = withheld.GetProperty("teams")[0];
        Assert.Equal((true, System.Text.Json.JsonValueKind.Null), (team.GetProperty("withheld").GetBoolean(), team.GetProperty("mean").ValueKind)); // 4 answers, fewer than 5
        var shown = await Json(await _server.Client.GetAsync("/api/v1/employee-voice?minGroup=3"), HttpStatusCode.OK);
        Assert.Equal(4.5, shown.GetProperty("teams")[0].GetProperty("mean").GetDouble());
        var tooSmall = await Json(await _server.Client.GetAsync("/api/v1/employee-voice?minGroup=1&days=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["minGroup", "days"], tooSmall.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
    }
}
