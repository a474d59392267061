using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Core.Surveys;

namespace Cairn.Web.Tests;

/// <summary>Personal links: one response per invitation, bound to its customer, counted in the response rate; forged and expired links refused.</summary>
public sealed partial class InvitationTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private long _survey;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers = new[] { new { id = "c1", segment = "business" }, new { id = "c2", segment = "consumer" } } })).EnsureSuccessStatusCode();
        var created = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        _survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<Dictionary<string, string>> Invite(params string[] customers)
    {
        var response = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/invitations", new { customers, channel = "email", expiresInDays = 14 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("invitations").EnumerateArray().ToDictionary(i => i.GetProperty("customerId").GetString()!, i => i.GetProperty("link").GetString()!);
    }

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private async Task<JsonElement> Summary() =>
        (await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == _survey);

    [Fact]
    public async Task AnInvitedCustomer_AnswersOnce_AsThemselves_AndTheResponseRateCountsIt()
    {
        var links = await Invite("c1", "c2");
        var page = await _server.Anonymous.GetStringAsync(PathOf(links["c1"]) + "&score=2");
        Assert.Contains("value=\"2\" checked", page); // one-click email: preselected, not recorded
        Assert.Equal(0, (await Summary()).GetProperty("partial").GetInt64());
        var token = TokenField().Match(page).Groups[1].Value;
        var rid = RidField().Match(page).Groups[1].Value;

        var next = await _server.Anonymous.PostAsync($"/s/{_survey}", new FormUrlEncodedContent([new("t", token), new("rid", "someone-else-1234"), new("shown", "nps"), new("q_nps", "2")]));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var done = await _server.Anonymous.PostAsync($"/s/{_survey}", new FormUrlEncodedContent([new("t", token), new("rid", rid), new("shown", "why"), new("seen", "nps,why"), new("q_why", "The bill is confusing")]));
        Assert.Contains("Thank you", await done.Content.ReadAsStringAsync());

        // The same link on a second device: the thanks, not a second response.
        Assert.Contains("Thank you", await _server.Anonymous.GetStringAsync(PathOf(links["c1"])));

        var summary = await Summary();
        Assert.Equal(1, summary.GetProperty("complete").GetInt64());
        Assert.Equal(2, summary.GetProperty("invited").GetInt64());
        Assert.Equal(50, summary.GetProperty("responseRate").GetDouble());
        var business = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/metrics/nps?minN=1&filter=segment:business");
        Assert.Equal(1, business.GetProperty("n").GetInt64()); // bound to c1, so sliced by c1's segment
    }

    [Fact]
    public async Task ForgedExpiredAndRetargetedLinks_AreRefused()
    {
        var link = PathOf((await Invite("c2"))["c2"]);
        var token = link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..];
        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Anonymous.GetAsync($"/s/{_survey}?t={forged}")).StatusCode);

        var other = await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "post-purchase-csat" });
        var otherSurvey = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var retargeted = await _server.Anonymous.GetAsync($"/s/{otherSurvey}?t={token}");
        Assert.Equal(HttpStatusCode.Forbidden, retargeted.StatusCode);
        Assert.Contains("This link is not valid", await retargeted.Content.ReadAsStringAsync());

        var workspace = (await _server.Store.ListWorkspacesAsync())[0].Id;
        var invitation = (await _server.Store.InviteAsync(workspace, _survey, ["c2"], "sms", DateTime.UtcNow.AddDays(1))).Invitations[0];
        var expired = InvitationToken.Create(await _server.Store.LinkSecretAsync(workspace), _survey, invitation.Id, DateTime.UtcNow.AddMinutes(-1));
        var expiredPage = await _server.Anonymous.GetAsync($"/s/{_survey}?t={expired}");
        Assert.Equal(HttpStatusCode.Gone, expiredPage.StatusCode);
        Assert.Contains("This link has expired", await expiredPage.Content.ReadAsStringAsync());

        var unknown = await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/invitations", new { customers = new[] { "c1", "ghost" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("first 'ghost'", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ContactRules_SkipCustomersAskedRecently_UnlessForced_AndAnswerTheWidgetsQuestion()
    {
        await Invite("c1");
        var eligibility = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{_survey}/eligibility?customerId=c1");
        Assert.False(eligibility.GetProperty("eligible").GetBoolean());
        Assert.Equal("contacted less than a day ago; the recontact period is 14 days", eligibility.GetProperty("reason").GetString());
        Assert.True((await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{_survey}/eligibility?customerId=c2")).GetProperty("eligible").GetBoolean());

        var again = await (await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/invitations", new { customers = new[] { "c1", "c2" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, again.GetProperty("count").GetInt32());
        Assert.Equal("c1", again.GetProperty("skipped")[0].GetProperty("customerId").GetString());
        var forced = await (await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{_survey}/invitations", new { customers = new[] { "c1" }, force = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, forced.GetProperty("count").GetInt32());

        var policy = await _server.Client.PutAsJsonAsync($"/api/v1/surveys/{_survey}/policy", new { recontactDays = 0, maxPerPeriod = 10, periodDays = 90 });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.True((await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{_survey}/eligibility?customerId=c1")).GetProperty("eligible").GetBoolean());
        var bad = await _server.Client.PutAsJsonAsync($"/api/v1/surveys/{_survey}/policy", new { recontactDays = -3 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [GeneratedRegex("name=\"t\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"rid\" value=\"([^\"]+)\"")]
    private static partial Regex RidField();
}
