using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class PersonaStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Evidence_ComesFromThePersonasOwnCustomers_AgainstEveryoneElse(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("personas", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
            [new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"]), new TouchpointDefinition("App", "app", false, null, ["app_login"])])]));
        var signup = Now.AddYears(-1);
        CustomerProfile Customer(string id, string persona, string segment) => CustomerProfile.Minimal(id) with { Persona = persona, Segment = segment, SignupAt = signup, MonthlyRevenue = 30 };
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            Customer("f1", "family", "consumer"), Customer("f2", "family", "consumer"), Customer("f3", "family", "consumer") with { Status = CustomerStatus.Churned, ChurnedAt = Now.AddDays(-10), ChurnType = ChurnType.Voluntary },
            Customer("p1", "pro", "business"), Customer("p2", "pro", "consumer"),
        ]));
        // The family persona calls support; the pros use the app.
        await store.IngestAsync(ws, IngestBatch.OfEvents([.. Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            new TrackEvent($"f{i}", i % 2 == 0 ? "f1" : "f2", "support_call", Now.AddDays(-i - 1), "phone", null),
            new TrackEvent($"p{i}", i % 2 == 0 ? "p1" : "p2", "app_login", Now.AddDays(-i - 1), "app", null),
        })]));
        var bill = "I was overcharged on my bill again, this is a disgrace and nobody fixes it.";
        await store.IngestAsync(ws, IngestBatch.OfFeedback([.. Enumerable.Range(0, 6).Select(i => new FeedbackItem(
            $"t{i}", FeedbackSource.Ticket, i % 2 == 0 ? "f1" : "f2", null, null, null, null, bill, Now.AddDays(-i - 2), "phone", null))
            .Append(new FeedbackItem("p-review", FeedbackSource.Ticket, "p1", null, null, null, null, "The app is fast and easy, I love it.", Now.AddDays(-3), "app", null))]));
        var nps = store.CreateSurvey(ws, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        store.ImportResponses(ws,
        [
            new SurveyResponse("r1", nps, 1, "f1", true, null, null, "email", "en", Now.AddDays(-5), Now.AddDays(-5), [new Answer("nps", 2, null)]),
            new SurveyResponse("r2", nps, 1, "p1", true, null, null, "email", "en", Now.AddDays(-5), Now.AddDays(-5), [new Answer("nps", 10, null)]),
        ]);

        var personas = await store.PersonasAsync(ws);
        Assert.Equal(["family", "pro"], personas.Select(p => p.Id)); // found in the persona trait
        var family = await store.PersonaEvidenceAsync(ws, personas[0].Rule, Now);

        Assert.Equal((3L, 2L, 1L, 1L, 5L), (family.Size.Customers, family.Size.Active, family.Size.Churned, family.Size.VoluntaryChurned, family.Size.AllCustomers));
        Assert.Equal(1, family.Nps.N);
        var billing = Assert.Single(family.Themes, t => t.Theme == "Billing and price");
        Assert.Equal((6L, 2L, 100.0, 0.0), (billing.Mentions, billing.Customers, billing.Share, billing.OthersShare));
        Assert.True(billing.MeanSentiment < 0);
        var quotes = family.Quotes.Where(q => q.Theme == "Billing and price").ToList();
        Assert.Equal(3, quotes.Count); // at most three per theme and direction
        Assert.All(quotes, q => Assert.Equal(bill, q.Text)); // real verbatims, unedited
        Assert.DoesNotContain(family.Quotes, q => q.CustomerId.StartsWith('p')); // never another persona's words
        var support = Assert.Single(family.Behaviour, b => b.Name == "Support call");
        Assert.Equal((2.0, 0.0), (support.PerCustomer, support.OthersPerCustomer)); // 6 calls by 3 family customers; none by the 2 others
        var map = EmpathyMap.Build(family.Themes, family.Quotes, family.Thoughts, family.Behaviour, family.Emotions, family.MeanSentiment);
        Assert.Equal("Billing and price", map.Pains[0].Theme);
        Assert.Equal(bill, map.Says[0].Text);
        var retained = Assert.Single(family.Loyalty); // f1 answered 2 and is still here: merely retained
        Assert.Equal(("retained", 1L, 3.0), (retained.Group, retained.Customers, retained.ContactsPerCustomer));

        // A persona defined by a rule over attributes and behaviour.
        using var rule = JsonDocument.Parse("""{"segment": "consumer", "did": {"event": "app_login", "atLeast": 2}}""");
        var appUsers = PersonaRule.Read(rule.RootElement, [])!;
        await store.SavePersonaAsync(ws, "app-consumers", "Consumers on the app", null, appUsers);
        var defined = (await store.PersonasAsync(ws))[0];
        Assert.Equal(("app-consumers", true), (defined.Id, defined.Stored));
        Assert.Equal(1, (await store.PersonaSummaryAsync(ws, defined.Rule, Now)).Size.Customers); // p2: consumer with 3 logins; p1 is business
        Assert.True(await store.DeletePersonaAsync(ws, "app-consumers"));
        Assert.False(await store.DeletePersonaAsync(ws, "app-consumers"));
    }
}
