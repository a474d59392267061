using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class ConsentStoreTests(Engines engines)
{
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Consent_IsUpserted_Logged_AndWeighedBeforeTheContactRules(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("consent", Industry.Retail)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana"), CustomerProfile.Minimal("bo")]));
        var survey = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");

        Assert.Equal(ConsentState.Unknown, (await store.CustomerConsentAsync(ws, "ana"))!.Surveys);
        Assert.Null(await store.CustomerConsentAsync(ws, "nobody"));
        await store.SetCustomerConsentAsync(ws, "ana", new ConsentChange(ConsentState.Granted, true, null, "en"), "api", "crm");
        await store.SetCustomerConsentAsync(ws, "ana", new ConsentChange(ConsentState.Withdrawn, null, null, null), "unsubscribe link", "ana");
        await store.SetCustomerConsentAsync(ws, "ana", new ConsentChange(ConsentState.Withdrawn, null, null, null), "api", "crm"); // no change, nothing logged

        var ana = (await store.CustomerConsentAsync(ws, "ana"))!;
        Assert.Equal((ConsentState.Withdrawn, "en"), (ana.Surveys, ana.Language));
        Assert.NotNull(ana.EmailConfirmedAt);
        var history = await store.ConsentHistoryAsync(ws, "ana");
        Assert.Equal(4, history.Count); // granted, email confirmed, language, then withdrawn
        Assert.Contains(history, h => h is { Field: "surveys", OldValue: "granted", NewValue: "withdrawn", Source: "unsubscribe link", Actor: "ana" });

        var decisions = await store.EligibilityAsync(ws, survey, ["ana", "bo"], "email");
        Assert.Equal((false, "consent withdrawn", true), (decisions["ana"].Eligible, decisions["ana"].Reason, decisions["ana"].ByConsent));
        Assert.True(decisions["bo"].Eligible);
        await store.SetConsentPolicyAsync(ws, new ConsentPolicy(RequireConsent: true, EmailDoubleOptIn: false), "admin");
        Assert.Equal("no consent to be surveyed", (await store.EligibilityAsync(ws, survey, ["bo"]))["bo"].Reason);
        Assert.Equal(new ConsentPolicy(true, false), await store.ConsentPolicyAsync(ws));
    }
}
