using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

/// <summary>Quotas per answer on both engines: exact under a race for the last places, and nothing a screened-out respondent said is lost.</summary>
public sealed class SurveyQuotaStoreTests(Engines engines)
{
    private static Dictionary<string, AnswerValue> Nps(int score) => new() { ["nps"] = AnswerValue.Of(score) };

    private static async Task<(CairnStore Store, long Workspace, StoredSurvey Survey)> SurveyWithQuotaAsync(Engines engines, StorageEngine engine, int limit)
    {
        var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("quotas-" + Guid.NewGuid().ToString("N")[..8], Industry.Retail)).Id;
        var id = await store.CreateSurveyAsync(workspace, "Pulse", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps);
        var survey = (await store.SurveyAsync(workspace, id))!;
        var problems = new List<string>();
        var quotas = SurveyQuota.Parse($$"""[{"name": "detractors", "question": "nps", "min": 0, "max": 6, "limit": {{limit}}}]""", survey.Definition, problems)!;
        Assert.Empty(problems);
        Assert.True(await store.SetSurveyQuotasAsync(workspace, id, quotas));
        return (store, workspace, (await store.SurveyAsync(workspace, id))!);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AFullQuota_ScreensOutItsRespondents_KeepsTheirAnswers_AndLeavesOthersAlone(StorageEngine engine)
    {
        var (store, workspace, survey) = await SurveyWithQuotaAsync(engines, engine, limit: 2);
        await using var _ = store;
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(workspace, survey, new("d1", null, "web", "en", true, Nps(3))));
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(workspace, survey, new("d2", null, "web", "en", true, Nps(6))));
        Assert.Equal(ResponseSaved.ScreenedOut, await store.SaveResponseAsync(workspace, survey, new("d3", null, "web", "en", true, Nps(0))));
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(workspace, survey, new("p1", null, "web", "en", true, Nps(9))));

        // A first step that already falls in the full quota ends there too; a finished response stays finished.
        Assert.Equal(ResponseSaved.ScreenedOut, await store.SaveResponseAsync(workspace, survey, new("d4", null, "web", "en", false, Nps(2))));
        Assert.Equal(ResponseSaved.AlreadyComplete, await store.SaveResponseAsync(workspace, survey, new("d1", null, "web", "en", true, Nps(3))));

        var screened = await store.ResponseAsync(workspace, "d3");
        Assert.True(screened.Exists);
        Assert.False(screened.Complete);
        Assert.Equal(0, screened.Answers["nps"].Number);
        var (_, rows) = await store.ResponsesAsync(workspace, survey.Id, null, 1);
        Assert.Equal(["complete", "complete", "complete", "screened_out", "screened_out"], rows.Select(r => r.Status).Order());
        var count = Assert.Single(await store.QuotaCountsAsync(workspace, survey));
        Assert.Equal((2L, true), (count.Complete, count.Full));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task TwelveRespondentsRacingForThreePlaces_FillThemExactly(StorageEngine engine)
    {
        var (store, workspace, survey) = await SurveyWithQuotaAsync(engines, engine, limit: 3);
        await using var _ = store;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => store.SaveResponseAsync(workspace, survey, new($"r{i}", null, "web", "en", true, Nps(i % 7))))));
        Assert.Equal(3, outcomes.Count(o => o == ResponseSaved.Complete));
        Assert.Equal(9, outcomes.Count(o => o == ResponseSaved.ScreenedOut));
        Assert.Equal(3L, Assert.Single(await store.QuotaCountsAsync(workspace, survey)).Complete);
    }

    /// <summary>A choice answer comes back as choices when a response is resumed, and still counts toward a quota on that choice.</summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AResumedChoice_ComesBackAsChoices_AndCountsTowardItsQuota(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("choices", Industry.Retail)).Id;
        var definition = SurveyJson.Import("""
            {"pages": [{"elements": [
              {"type": "checkbox", "name": "topics", "choices": ["price", "network", "staff"]},
              {"type": "comment", "name": "why", "visibleIf": "{topics} notempty"}]}]}
            """, [])!;
        var id = await store.CreateSurveyAsync(workspace, "Topics", SurveyKind.Custom, null, definition);
        var quotas = SurveyQuota.Parse("""[{"name": "network", "question": "topics", "value": "network", "limit": 1}]""", definition, [])!;
        await store.SetSurveyQuotasAsync(workspace, id, quotas);
        var survey = (await store.SurveyAsync(workspace, id))!;

        var topics = new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.OfChoices(["price", "network"]) };
        Assert.Equal(ResponseSaved.Partial, await store.SaveResponseAsync(workspace, survey, new("t1", null, "web", "en", false, topics)));
        var resumed = await store.ResponseAsync(workspace, "t1");
        Assert.Equal(["price", "network"], resumed.Answers["topics"].Choices!);
        var all = new Dictionary<string, AnswerValue>(resumed.Answers) { ["why"] = AnswerValue.Of("Coverage at home") };
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(workspace, survey, new("t1", null, "web", "en", true, all)));
        Assert.Equal(ResponseSaved.ScreenedOut, await store.SaveResponseAsync(workspace, survey, new("t2", null, "web", "en", true, new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.OfChoices(["network"]) })));
    }
}
