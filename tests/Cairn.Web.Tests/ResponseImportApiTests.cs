using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Cairn.Web.Tests;

/// <summary>POST /api/v1/surveys/{id}/responses/import over real HTTP: the file in the body, a per-line report, re-runs that add nothing, and clear refusals.</summary>
public sealed class ResponseImportApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _survey;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var created = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        _survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));

    [Fact]
    public async Task AQualtricsExport_IsImportedWithAReportByLine_AndSendingItAgainAddsNothing()
    {
        const string export = """
            StartDate,EndDate,Finished,RecordedDate,ResponseId,Q1,Q2
            Start Date,End Date,Finished,Recorded Date,Response ID,How likely are you to recommend us to a friend or colleague?,Why?
            "{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"
            2024-03-05 14:20:00,2024-03-05 14:22:10,1,2024-03-05 14:22:10,R_1,9,<script>alert(1)</script> friendly staff
            2024-03-06 10:00:00,2024-03-06 10:01:00,1,2024-03-06 10:01:00,R_2,eleven,
            2024-03-07 10:00:00,2024-03-07 10:01:00,0,2024-03-07 10:01:00,R_3,4,
            """;
        var response = await _server.Client.PostAsync($"/api/v1/surveys/{_survey}/responses/import?map=Q2=why", Csv(export));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3L, 2L, 0L), (report.GetProperty("rows").GetInt64(), report.GetProperty("accepted").GetInt64(), report.GetProperty("duplicates").GetInt64()));
        var rejected = report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("reason").GetString())).ToList();
        Assert.Equal([(5L, "nps: 'eleven' is not a number"), (5L, "nps: is required")], rejected);
        Assert.Contains("EndDate", report.GetProperty("ignored").EnumerateArray().Select(c => c.GetString()));

        var summary = (await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == _survey);
        Assert.Equal((1L, 1L), (summary.GetProperty("complete").GetInt64(), summary.GetProperty("partial").GetInt64()));
        var again = await (await _server.Client.PostAsync($"/api/v1/surveys/{_survey}/responses/import?map=Q2=why", Csv(export))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0L, 2L), (again.GetProperty("accepted").GetInt64(), again.GetProperty("duplicates").GetInt64()));
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithProblemDetails_AndImportNothing()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.PostAsync($"/api/v1/surveys/{_survey}/responses/import", Csv("id,nps\nr1,9\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.PostAsync("/api/v1/surveys/99999/responses/import", Csv("id,nps\nr1,9\n"))).StatusCode);

        var unmapped = await _server.Client.PostAsync($"/api/v1/surveys/{_survey}/responses/import", Csv("id,score\nr9,5\n"));
        Assert.Equal(HttpStatusCode.BadRequest, unmapped.StatusCode);
        Assert.Equal("application/problem+json", unmapped.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("no column answers a question of the survey", (await unmapped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var badMap = await _server.Client.PostAsync($"/api/v1/surveys/{_survey}/responses/import?map=Q1", Csv("id,Q1\nr9,5\n"));
        Assert.Equal(HttpStatusCode.BadRequest, badMap.StatusCode);
        Assert.Equal("map: 'Q1' is not COLUMN=QUESTION", (await badMap.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var summary = (await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == _survey);
        Assert.Equal((0L, 0L), (summary.GetProperty("complete").GetInt64(), summary.GetProperty("partial").GetInt64()));
    }
}
