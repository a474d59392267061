using Cairn.Core.Customers;
using Cairn.Core.Drivers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class DriverStoreTests(Engines engines)
{
    private static readonly DateTime At = new(2026, 9, 10, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ThemeDriverSums_FromSql_EqualTheSumsByHand_AndBillingDrivesNps(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("d", Industry.Telecommunications)).Id;
        var random = new Random(5);
        var customers = Enumerable.Range(0, 300).Select(i => $"c{i}").ToList();
        await store.IngestAsync(workspace, IngestBatch.OfCustomers(customers.Select(CustomerProfile.Minimal).ToList()));

        // Each customer may complain about billing and/or waiting; billing costs 4 points of NPS score, waiting 1.
        var billing = customers.Select(_ => random.NextDouble() < 0.3).ToList();
        var waiting = customers.Select(_ => random.NextDouble() < 0.4).ToList();
        var feedback = new List<FeedbackItem>();
        var responses = new List<SurveyResponse>();
        var survey = store.CreateSurvey(workspace, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var byHand = new DriverMoments(["bill", "wait"]);
        for (var i = 0; i < customers.Count; i++)
        {
            var text = string.Join(" ", new[] { billing[i] ? "My bill is wrong." : null, waiting[i] ? "I was on hold forever." : null }.Where(t => t is not null));
            if (text.Length > 0)
            {
                feedback.Add(new FeedbackItem($"f{i}", FeedbackSource.Ticket, customers[i], null, null, null, null, text, At, "phone", null));
            }

            var score = Math.Clamp(9 - (billing[i] ? 4 : 0) - (waiting[i] ? 1 : 0) + random.Next(-1, 2), 0, 10);
            responses.Add(new SurveyResponse($"r{i}", survey, 1, customers[i], true, null, null, "email", "en", At, At, [new Answer("nps", score, null)]));
            byHand.Add([billing[i] ? 1 : 0, waiting[i] ? 1 : 0], score);
        }

        await store.IngestAsync(workspace, IngestBatch.OfFeedback(feedback));
        store.ImportResponses(workspace, responses);

        var sql = await store.ThemeDriverMomentsAsync(workspace, null, null);
        var bill = sql.Names.ToList().IndexOf("Billing and price");
        var wait = sql.Names.ToList().IndexOf("Wait time");

        Assert.Equal(byHand.N, sql.N);
        Assert.Equal(byHand.SumY, sql.SumY);
        Assert.Equal(byHand.SumYY, sql.SumYY);
        Assert.Equal(byHand.SumX[0], sql.SumX[bill]);
        Assert.Equal(byHand.SumXY[1], sql.SumXY[wait]);
        Assert.Equal(byHand.SumXX[0, 1], sql.SumXX[bill, wait]);
        Assert.Equal(byHand.SumXX[1, 1], sql.SumXX[wait, wait]);

        var result = KeyDrivers.Analyse(sql);
        Assert.Equal("Billing and price", result.Drivers[0].Name);
        Assert.True(result.Drivers[0].Correlation < 0);
        Assert.Equal("Wait time", result.Drivers[1].Name);
    }
}
