using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class GovernanceStoreTests(Engines engines)
{
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Eligibility_CountsContactsAcrossSurveysAndChannels(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("g", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1"), CustomerProfile.Minimal("c2"), CustomerProfile.Minimal("c3")]));
        var support = await store.CreateSurveyAsync(workspace, "CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes);
        var relationship = await store.CreateSurveyAsync(workspace, "NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps);

        // c1 was invited to the support survey just now; c2 answered the relationship NPS 100 days ago by phone.
        await store.InviteAsync(workspace, support, ["c1"], "email", DateTime.UtcNow.AddDays(30));
        var longAgo = DateTime.UtcNow.AddDays(-100);
        store.ImportResponses(workspace, [new SurveyResponse("old-1", relationship, 1, "c2", true, null, null, "phone", "en", longAgo, longAgo, [new Answer("nps", 9, null)])]);
        Assert.True(await store.SetContactPolicyAsync(workspace, relationship, new ContactPolicy { RecontactDays = 14, RecurEveryDays = 90 }));

        var decisions = await store.EligibilityAsync(workspace, relationship, ["c1", "c2", "c3"]);

        Assert.Equal("contacted less than a day ago; the recontact period is 14 days", decisions["c1"].Reason);
        Assert.True(decisions["c2"].Eligible); // its 90-day turn has come round
        Assert.True(decisions["c3"].Eligible);

        await store.SetContactPolicyAsync(workspace, relationship, new ContactPolicy { ShowOnce = true });
        var split = await store.SplitByEligibilityAsync(workspace, relationship, ["c3", "c2", "c1", "c3"]);
        Assert.Equal(["c3"], split.Eligible);
        Assert.Equal([("c2", "already answered this survey, which is shown once"), ("c1", "contacted less than a day ago; the recontact period is 14 days")], split.Skipped);
    }
}
