using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Testing;

namespace Cairn.Web.Tests;

/// <summary>A follow-up goes out as real SMTP through MailKit; with the mail server down it stays queued with the error, and nothing is lost.</summary>
public sealed class FollowUpMailTests
{
    private static async Task<(RunningServer Server, long Case)> DetractorCaseAsync(int smtpPort)
    {
        var server = await RunningServer.StartAsync(o => o with
        {
            Smtp = new SmtpSettings("127.0.0.1", smtpPort, null, null, "care@northwind.example"),
            OutboxInterval = TimeSpan.FromMilliseconds(200),
        });
        (await server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "d1", traits = new { email = "d1@example.com" } })).EnsureSuccessStatusCode();
        var survey = (await (await server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await server.Client.PostAsJsonAsync("/api/v1/case-rules", new { name = "Detractors", condition = "nps <= 6", since = "2020-01-01" })).EnsureSuccessStatusCode();
        (await server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "a1", customerId = "d1", answers = new { nps = 3 } })).EnsureSuccessStatusCode();
        (await server.Client.PostAsync("/api/v1/cases/sweep", null)).EnsureSuccessStatusCode();
        var cases = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        return (server, cases.GetProperty("cases")[0].GetProperty("id").GetInt64());
    }

    private static async Task<JsonElement> MessageWhenAsync(RunningServer server, long caseId, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var detail = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
            var message = detail.GetProperty("messages")[0];
            if (done(message))
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the message never reached the expected state");
    }

    [Fact]
    public async Task FollowUp_IsSentThroughSmtp_WithTheReSurveyLink()
    {
        await using var sink = new SmtpSink();
        var (server, caseId) = await DetractorCaseAsync(sink.Port);
        await using var _ = server;

        (await server.Client.PostAsJsonAsync($"/api/v1/cases/{caseId}/follow-up", new { subject = "Sorry about that", body = "We fixed it.", resurvey = true })).EnsureSuccessStatusCode();
        var sent = await MessageWhenAsync(server, caseId, m => m.GetProperty("status").GetString() != "queued");

        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var (to, data) = Assert.Single(sink.Messages);
        Assert.Equal(["d1@example.com"], to);
        Assert.Contains("Subject: Sorry about that", data, StringComparison.Ordinal);
        Assert.Contains("From: care@northwind.example", data, StringComparison.Ordinal);
        Assert.Contains("/s/1?t=", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailServerDown_MessageStaysQueuedWithTheError()
    {
        int port;
        await using (var closed = new SmtpSink())
        {
            port = closed.Port; // a port that was just free and now has nobody listening
        }

        var (server, caseId) = await DetractorCaseAsync(port);
        await using var _ = server;
        (await server.Client.PostAsJsonAsync($"/api/v1/cases/{caseId}/follow-up", new { subject = "Sorry", body = "We fixed it." })).EnsureSuccessStatusCode();

        var failed = await MessageWhenAsync(server, caseId, m => m.GetProperty("attempts").GetInt32() > 0);
        Assert.Equal("queued", failed.GetProperty("status").GetString()); // retried later, not dropped
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
    }
}
