using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The experience review: a real decline at one touchpoint is reported, encoded, under a strict policy; bad parameters are named.</summary>
public sealed class ReviewReportTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ADeclineBeyondChance_IsListed_WithItsSegment()
    {
        var now = DateTime.UtcNow;
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var customers = Enumerable.Range(0, 120).Select(i => new { id = $"c{i}", traits = new { segment = "<b>retail</b>" } }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        // Two months ago everyone was a promoter; last month half were detractors (NPS 100 to 0).
        var responses = Enumerable.Range(0, 120).Select(i => new
        {
            id = $"r{i}", surveyId = survey, customerId = $"c{i}", completed = true,
            at = i < 60 ? thisMonth.AddMonths(-2).AddDays(3) : thisMonth.AddMonths(-1).AddDays(3),
            answers = new { nps = i < 60 ? 10 : (i % 2 == 0 ? 2 : 10) },
        }).ToList();
        var store = _server.Store;
        var workspace = (await store.ListWorkspacesAsync())[0].Id;
        store.ImportResponses(workspace, [.. responses.Select(r => new Cairn.Core.Surveys.SurveyResponse(r.id, survey, 1, r.customerId, true, null, null, "email", "en", r.at, r.at,
            [new Cairn.Core.Surveys.Answer("nps", r.answers.nps, null)]))]);

        var answer = await _server.Client.GetAsync("/api/v1/reports/review?period=month");
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("default-src 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var declined = html[html.IndexOf("Where it declined", StringComparison.Ordinal)..html.IndexOf("What drove it", StringComparison.Ordinal)];
        Assert.Contains("&lt;b&gt;retail&lt;/b&gt;", declined, StringComparison.Ordinal); // the segment, encoded
        Assert.Contains("NPS fell by 100.0 points", declined, StringComparison.Ordinal); // every promoter before, half detractors after
        Assert.DoesNotContain("<b>retail</b>", html, StringComparison.Ordinal);

        var bad = await Json(await _server.Client.GetAsync("/api/v1/reports/review?period=week&format=docx"), HttpStatusCode.BadRequest);
        Assert.Equal(["period", "format"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
    }
}
