using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Core.Surveys;

namespace Cairn.Web.Tests;

public sealed class MetricsApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var store = _server.Store;
        var workspace = (await store.ListWorkspacesAsync())[0].Id;
        var survey = store.CreateSurvey(workspace, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var at = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        // 40 answers in October: 20 promoters, 10 passives, 10 detractors (NPS 25); 5 in November.
        var scores = Enumerable.Repeat(10, 20).Concat(Enumerable.Repeat(8, 10)).Concat(Enumerable.Repeat(2, 10)).Select((s, i) => (s, at.AddHours(i)))
            .Concat(Enumerable.Range(0, 5).Select(i => (10, at.AddMonths(1).AddHours(i))));
        store.ImportResponses(workspace, scores.Select((x, i) =>
            new SurveyResponse($"r{i}", survey, 1, null, true, null, null, "email", "en", x.Item2, x.Item2, [new Answer("nps", x.Item1, null)])).ToList());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Nps_ByMonth_HasTheDesignShape_AndSaysTooFewWhereNIsSmall()
    {
        var body = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/nps?period=month");

        Assert.Equal("nps", body.GetProperty("metric").GetString());
        Assert.Equal(45, body.GetProperty("n").GetInt64());
        Assert.Equal(100.0 * 25 / 45 - 100.0 * 10 / 45, body.GetProperty("value").GetDouble(), 9);
        Assert.True(body.GetProperty("low").GetDouble() < body.GetProperty("value").GetDouble());
        var slices = body.GetProperty("slices").EnumerateArray().ToList();
        Assert.Equal(["2026-10", "2026-11"], slices.Select(s => s.GetProperty("key").GetString()));
        Assert.Equal(25, slices[0].GetProperty("value").GetDouble(), 9);
        Assert.True(slices[1].GetProperty("tooFew").GetBoolean());
        Assert.Equal(JsonValueKind.Null, slices[1].GetProperty("value").ValueKind);
        Assert.Contains(body.GetProperty("benchmarks").EnumerateArray(), b => b.GetProperty("level").GetString() == "industry" && b.GetProperty("gap").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task BadQuery_Is400ProblemDetails_NamingEachParameter()
    {
        var response = await _server.Client.GetAsync("/api/v1/metrics/nps?by=shoe_size&level=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["by", "level"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
    }

    [Fact]
    public async Task Churn_ByMonth_GivesRatesWithVoluntaryAndInvoluntaryParts()
    {
        // 40 customers from January; in March 4 leave by choice and 1 by failed payment.
        var customers = Enumerable.Range(0, 40).Select(i => i switch
        {
            < 4 => $$"""{"id":"k{{i}}","signupAt":"2026-01-02T00:00:00Z","status":"churned","churnedAt":"2026-03-1{{i}}T00:00:00Z","churnType":"voluntary"}""",
            4 => """{"id":"k4","signupAt":"2026-01-02T00:00:00Z","status":"churned","churnedAt":"2026-03-20T00:00:00Z","churnType":"involuntary"}""",
            _ => $$"""{"id":"k{{i}}","signupAt":"2026-01-02T00:00:00Z"}""",
        });
        var identify = await _server.Client.PostAsync("/api/v1/identify", new StringContent("{\"customers\":[" + string.Join(',', customers) + "]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, identify.StatusCode);

        var body = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/churn?period=month&from=2026-02-01&to=2026-04-01");

        var slices = body.GetProperty("slices").EnumerateArray().ToList();
        Assert.Equal(["2026-02", "2026-03"], slices.Select(s => s.GetProperty("key").GetString()));
        Assert.Equal((0.0, 40L), (slices[0].GetProperty("value").GetDouble(), slices[0].GetProperty("n").GetInt64()));
        Assert.Equal(12.5, slices[1].GetProperty("value").GetDouble(), 9);
        Assert.Equal(10.0, slices[1].GetProperty("breakdown").GetProperty("voluntary").GetDouble(), 9);
        Assert.Equal(2.5, slices[1].GetProperty("breakdown").GetProperty("involuntary").GetDouble(), 9);
        Assert.Equal(12.5, body.GetProperty("value").GetDouble(), 9); // over the whole range: 5 of the 40 at its start
    }

    [Fact]
    public async Task CompetitiveBenchmark_RescalesRatings_AndComparesEachCompetitorWithUs()
    {
        // Us: 40 reviews of 3 of 5. Rival: 40 reviews of 9 of 10 (4.56 stars on the common scale).
        var reviews = Enumerable.Range(0, 80).Select(i => i < 40
            ? $$"""{"id":"u{{i}}","source":"review","rating":3,"ratingScale":5,"text":"ok","timestamp":"2026-10-01T00:00:00Z"}"""
            : $$"""{"id":"r{{i}}","source":"review","rating":9,"ratingScale":10,"competitor":"Rival","text":"great","timestamp":"2026-10-01T00:00:00Z"}""");
        var posted = await _server.Client.PostAsync("/api/v1/feedback", new StringContent("{\"feedback\":[" + string.Join(',', reviews) + "]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var body = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/benchmarks/competitive");

        var companies = body.GetProperty("companies").EnumerateArray().ToList();
        Assert.Equal(["us", "Rival"], companies.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(3.0, companies[0].GetProperty("value").GetDouble(), 9);
        Assert.Equal(1 + 4 * 8 / 9.0, companies[1].GetProperty("value").GetDouble(), 9);
        Assert.True(companies[1].GetProperty("gap").GetProperty("significant").GetBoolean());
        Assert.StartsWith("Rival is rated 1.56 stars higher than us", companies[1].GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutKey_Are401()
    {
        var response = await _server.Anonymous.GetAsync("/api/v1/metrics/nps");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
