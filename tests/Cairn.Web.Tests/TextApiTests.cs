using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cairn.Web.Tests;

public sealed class TextApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var feedback = new
        {
            feedback = new object[]
            {
                new { id = "a", source = "review", text = "I was on hold for an hour and the agent was rude.", timestamp = "2026-10-02T10:00:00Z" },
                new { id = "b", source = "review", text = "<script>alert(1)</script> Love the app, thank you!", timestamp = "2026-10-03T10:00:00Z" },
                new { id = "c", source = "ticket", text = "My bill has hidden fees again.", timestamp = "2026-10-04T10:00:00Z" },
            },
        };
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", feedback)).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<JsonElement> Analyze(params string?[] texts)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/v1/text/analyze", new { texts });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Analyze_AnswersInInputOrder_WithTheDesignShape()
    {
        var body = await Analyze("The staff were wonderful.", "Terrible outage, no signal all day!", "Le service était très lent et je ne suis pas content.");
        var results = body.GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(3, results.Count);
        Assert.Equal("positive", results[0].GetProperty("sentiment").GetProperty("label").GetString());
        Assert.InRange(results[0].GetProperty("sentiment").GetProperty("score").GetDouble(), 0.05, 1);
        Assert.Equal("en", results[0].GetProperty("language").GetString());
        Assert.Equal("negative", results[1].GetProperty("sentiment").GetProperty("label").GetString());
        var theme = results[1].GetProperty("themes").EnumerateArray().First();
        Assert.Equal("Reliability and outages", theme.GetProperty("name").GetString());
        Assert.Equal("outage", theme.GetProperty("evidence").GetString());
        Assert.Equal("unsupported", results[2].GetProperty("sentiment").GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, results[2].GetProperty("sentiment").GetProperty("score").ValueKind);
        Assert.Contains("'fr' is not analysed", results[2].GetProperty("note").GetString());
    }

    [Fact]
    public async Task Analyze_EmptyHugeAndGarbage_GetAClearResult()
    {
        var huge = string.Concat(Enumerable.Repeat("Awful wait, rude staff. ", 45_000)); // about 1 MB
        var body = await Analyze("", null, huge, "\u0001\u0002\uFFFD\uFFFD");
        var results = body.GetProperty("results").EnumerateArray().ToList();

        Assert.Equal("empty text: nothing to analyse", results[0].GetProperty("note").GetString());
        Assert.Equal("empty text: nothing to analyse", results[1].GetProperty("note").GetString());
        Assert.True(results[2].GetProperty("truncated").GetBoolean());
        Assert.Matches(@"^only the first (19|20),\d{3} of 1,080,000 characters were analysed$", results[2].GetProperty("note").GetString());
        Assert.Equal("negative", results[2].GetProperty("sentiment").GetProperty("label").GetString());
        Assert.Equal("no letters in the text: nothing to analyse", results[3].GetProperty("note").GetString());
    }

    [Fact]
    public async Task Analyze_BadRequests_AreProblemDetails()
    {
        var tooMany = await _server.Client.PostAsJsonAsync("/api/v1/text/analyze", new { texts = Enumerable.Repeat("x", 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 1000 texts", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var wrongType = await _server.Client.PostAsJsonAsync("/api/v1/text/analyze", new { texts = new object[] { "ok", 42 } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("item 1 must be a string", (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var anonymous = await _server.Anonymous.PostAsJsonAsync("/api/v1/text/analyze", new { texts = new[] { "hi" } });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Feedback_IsListedWithThemes_AndFilteredByTheme()
    {
        var body = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/feedback?theme=Wait%20time");
        Assert.Equal(1, body.GetProperty("total").GetInt64());
        var item = body.GetProperty("items")[0];
        Assert.Equal("a", item.GetProperty("id").GetString());
        Assert.Contains(item.GetProperty("themes").EnumerateArray(), t => t.GetProperty("evidence").GetString() == "on hold");

        var bad = await _server.Client.GetAsync("/api/v1/feedback?sentiment=angry&page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()).ToList();
        Assert.Equal(["sentiment", "page"], errors);
    }

    [Fact]
    public async Task Themes_CanBeEdited_ThenReprocessed_AndBadOnesAreRefused()
    {
        var themes = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/themes");
        var list = themes.EnumerateArray().Select(t => new { name = t.GetProperty("name").GetString(), phrases = t.GetProperty("phrases").EnumerateArray().Select(p => p.GetString()).ToList() }).ToList();
        list.Add(new { name = (string?)"Hidden fees", phrases = new List<string?> { "hidden fees" } });

        var bad = await _server.Client.PutAsJsonAsync("/api/v1/themes", new { themes = new[] { new { name = "", phrases = new[] { "x" } } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        (await _server.Client.PutAsJsonAsync("/api/v1/themes", new { themes = list })).EnsureSuccessStatusCode();
        var reprocess = await _server.Client.PostAsync("/api/v1/text/reprocess", null);
        Assert.Equal(3, (await reprocess.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processed").GetInt64());

        var summary = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/themes/summary");
        var fees = summary.GetProperty("themes").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Hidden fees");
        Assert.Equal(1, fees.GetProperty("mentions").GetInt64());
        Assert.Equal(3, summary.GetProperty("feedback").GetInt64());
    }

    [Fact]
    public async Task Drivers_SayTooFew_OnATinyWorkspace_AndRefuseBadDates()
    {
        var body = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/drivers");
        Assert.True(body.GetProperty("tooFew").GetBoolean());
        Assert.Equal(100, body.GetProperty("minimumN").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("rSquared").ValueKind);

        var bad = await _server.Client.GetAsync("/api/v1/drivers?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
