using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cairn.Web.Tests;

/// <summary>The hosted survey page over real HTTP: branching pages, partial saves, one response however often it is submitted, and every kind of bad input.</summary>
public sealed partial class SurveyPageTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _nps;
    private long _ces;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _nps = await Create("relationship-nps");
        _ces = await Create("post-support-ces");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<long> Create(string template)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static string Rid(string html) => RidField().Match(html).Groups[1].Value;

    private Task<HttpResponseMessage> Post(long survey, params (string Name, string Value)[] fields) =>
        _server.Anonymous.PostAsync($"/s/{survey}", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    private async Task<JsonElement> Summary(long survey) =>
        (await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == survey);

    /// <summary>Quotas over HTTP: bad ones refused by item, a full one ends the hosted page politely and the API says "screened out".</summary>
    [Fact]
    public async Task AFullQuota_EndsTheSurveyForItsRespondents_AndBadQuotasAreRefused()
    {
        var bad = await _server.Client.PutAsync($"/api/v1/surveys/{_nps}/quotas", JsonContent.Create(new object[]
        {
            new { name = "detractors", question = "nps", min = 0, max = 11, limit = 1 },
            new { name = "words", question = "why", value = "x", limit = 1 },
            new { name = "ghost", question = "nope", limit = 0 },
        }));
        var problem = await ApiResponses.Json(bad, HttpStatusCode.BadRequest);
        var text = problem.GetRawText();
        Assert.Contains("[0]: min and max within 0-10", text);
        Assert.Contains("[1].question: quotas apply to scores and choices", text);
        Assert.Contains("[2].limit: a whole number from 1 to 10,000,000", text);
        Assert.Contains("[2].question: the id of one of the survey", text);

        var set = await ApiResponses.Json(await _server.Client.PutAsync($"/api/v1/surveys/{_nps}/quotas",
            JsonContent.Create(new object[] { new { name = "detractors", question = "nps", min = 0, max = 6, limit = 1 } })), HttpStatusCode.OK);
        Assert.Equal(0, set[0].GetProperty("complete").GetInt64());

        var first = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_nps}/responses", new { id = "api-1", answers = new { nps = 2 } });
        Assert.Equal("complete", (await ApiResponses.Json(first, HttpStatusCode.OK)).GetProperty("status").GetString());
        var second = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_nps}/responses", new { id = "api-2", answers = new { nps = 4 } });
        Assert.Equal("screened out", (await ApiResponses.Json(second, HttpStatusCode.OK)).GetProperty("status").GetString());

        // On the hosted page the detractor's score is the end: thanked, the answers kept, no follow-up.
        var page = await _server.Anonymous.GetStringAsync($"/s/{_nps}?lang=de");
        var ended = await Post(_nps, ("rid", Rid(page)), ("lang", "de"), ("shown", "nps"), ("seen", "nps"), ("q_nps", "5"));
        var endedPage = await ended.Content.ReadAsStringAsync();
        Assert.Contains("Wir haben schon genug Antworten wie Ihre", endedPage);
        Assert.DoesNotContain("textarea", endedPage);
        var promoter = await Post(_nps, ("rid", Rid(await _server.Anonymous.GetStringAsync($"/s/{_nps}"))), ("lang", "en"), ("shown", "nps"), ("seen", "nps"), ("q_nps", "10"));
        Assert.Contains("What is the main reason", await promoter.Content.ReadAsStringAsync());

        var states = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{_nps}/quotas");
        Assert.True(states[0].GetProperty("full").GetBoolean());
    }

    [Fact]
    public async Task ARespondent_AnswersPageByPage_AndADoubleSubmitStoresOneResponse()
    {
        var page = await _server.Anonymous.GetStringAsync($"/s/{_nps}?lang=de");
        Assert.Contains("Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?", page);
        Assert.Equal(11, Regex.Count(page, "type=\"radio\""));
        Assert.DoesNotContain("textarea", page); // the follow-up waits for the score
        var rid = Rid(page);

        var second = await Post(_nps, ("rid", rid), ("lang", "de"), ("shown", "nps"), ("seen", "nps"), ("q_nps", "3"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondPage = await second.Content.ReadAsStringAsync();
        Assert.Contains("Was ist der wichtigste Grund für Ihre Bewertung?", secondPage);
        Assert.Equal(1, (await Summary(_nps)).GetProperty("partial").GetInt64()); // saved as the respondent goes

        (string, string)[] final = [("rid", rid), ("lang", "de"), ("shown", "why"), ("seen", "nps,why"), ("q_why", "<b>Zu teuer</b> und langsam")];
        var done = await Post(_nps, final);
        Assert.Contains("Vielen Dank", await done.Content.ReadAsStringAsync());
        var again = await Post(_nps, final);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Vielen Dank", await again.Content.ReadAsStringAsync());

        var summary = await Summary(_nps);
        Assert.Equal((1L, 0L), (summary.GetProperty("complete").GetInt64(), summary.GetProperty("partial").GetInt64()));
        var nps = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/nps?minN=1");
        Assert.Equal(1, nps.GetProperty("n").GetInt64());
        Assert.Equal(-100, nps.GetProperty("value").GetDouble());
        // Resuming a finished response shows the thanks, never a second form.
        Assert.Contains("Vielen Dank", await _server.Anonymous.GetStringAsync($"/s/{_nps}?lang=de&rid={rid}"));
    }

    [Fact]
    public async Task BadAnswers_AreRefusedWithAClearMessage_AndNothingIsSaved()
    {
        var rid = Rid(await _server.Anonymous.GetStringAsync($"/s/{_ces}"));

        var outOfRange = await Post(_ces, ("rid", rid), ("shown", "ces"), ("q_ces", "9"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfRange.StatusCode);
        Assert.Contains("must be a whole number from 1 to 7", await outOfRange.Content.ReadAsStringAsync());

        // Branching hides "why" after an easy experience: an answer to it is tampering.
        var hidden = await Post(_ces, ("rid", rid), ("shown", "ces"), ("q_ces", "2"), ("q_why", "sneaky"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, hidden.StatusCode);
        Assert.Contains("is hidden by its condition", await hidden.Content.ReadAsStringAsync());

        var tooLong = await Post(_ces, ("rid", rid), ("shown", "ces,why"), ("q_ces", "6"), ("q_why", new string('x', 5_001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("at most 5,000 are kept, so shorten it", await tooLong.Content.ReadAsStringAsync());

        var tampered = await Post(_ces, ("rid", "<script>"), ("shown", "ces"), ("q_ces", "2"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);

        Assert.Equal(0, (await Summary(_ces)).GetProperty("partial").GetInt64() + (await Summary(_ces)).GetProperty("complete").GetInt64());
    }

    [Fact]
    public async Task ClosedAndUnknownSurveys_SaySo()
    {
        var closed = await Create("post-purchase-csat");
        var workspace = (await _server.Store.ListWorkspacesAsync())[0].Id;
        Assert.True(await _server.Store.SetSurveyStatusAsync(workspace, closed, "closed"));

        var get = await _server.Anonymous.GetAsync($"/s/{closed}");
        Assert.Equal(HttpStatusCode.Gone, get.StatusCode);
        Assert.Contains("This survey is closed", await get.Content.ReadAsStringAsync());
        var post = await Post(closed, ("rid", "w0123456789abcdef"), ("shown", "csat"), ("q_csat", "5"));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        var api = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{closed}/responses", new { id = "x1", answers = new { csat = 5 } });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _server.Anonymous.GetAsync("/s/999999")).StatusCode);
    }

    [Fact]
    public async Task Api_StoresAResponseOnce_AndNamesEveryBadAnswer()
    {
        var ok = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_ces}/responses", new { id = "api-1", channel = "phone", answers = new { ces = 6, why = "Transferred three times" } });
        Assert.Equal("complete", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var again = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_ces}/responses", new { id = "api-1", answers = new { ces = 1 } });
        Assert.Equal("already complete", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var bad = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_ces}/responses", new { id = "api-2", customerId = "nobody", answers = new { ces = 0, shoe = 3 } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var fields = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order().ToList();
        Assert.Equal(["ces", "customerId", "shoe"], fields);

        var definition = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{_ces}");
        Assert.Equal("{ces} >= 5", definition.GetProperty("definition").GetProperty("pages")[0].GetProperty("elements")[1].GetProperty("visibleIf").GetString());
    }

    /// <summary>
    /// A first page is saved without reading the response (it is almost always new); when it is not,
    /// the page reads what is saved and keeps it: the back button to page one must not lose page two.
    /// </summary>
    [Fact]
    public async Task GoingBackToTheFirstPage_KeepsTheLaterPagesAnswers()
    {
        var created = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new
        {
            name = "Three steps",
            definition = JsonDocument.Parse("""
                {"pages":[{"elements":[
                  {"type":"rating","name":"nps","rateMin":0,"rateMax":10,"isRequired":true},
                  {"type":"rating","name":"ease","rateMin":1,"rateMax":5,"visibleIf":"{nps} >= 0"},
                  {"type":"comment","name":"why","visibleIf":"{ease} >= 1"}]}]}
                """).RootElement,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var rid = Rid(await _server.Anonymous.GetStringAsync($"/s/{survey}"));

        Assert.Contains("q_ease", await (await Post(survey, ("rid", rid), ("shown", "nps"), ("seen", "nps"), ("q_nps", "9"))).Content.ReadAsStringAsync());
        Assert.Contains("q_why", await (await Post(survey, ("rid", rid), ("shown", "ease"), ("seen", "nps,ease"), ("q_ease", "4"))).Content.ReadAsStringAsync());
        var back = await Post(survey, ("rid", rid), ("shown", "nps"), ("seen", "nps"), ("q_nps", "10"));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);

        var workspace = (await _server.Store.SurveyWorkspaceAsync(survey))!.Value;
        var saved = await _server.Store.ResponseAsync(workspace, rid);
        Assert.False(saved.Complete);
        Assert.Equal(10, saved.Answers["nps"].Number);
        Assert.Equal(4, saved.Answers["ease"].Number);
        Assert.Equal((0L, 1L), ((await Summary(survey)).GetProperty("complete").GetInt64(), (await Summary(survey)).GetProperty("partial").GetInt64()));
    }

    [GeneratedRegex("name=\"rid\" value=\"([A-Za-z0-9_-]+)\"")]
    private static partial Regex RidField();
}
