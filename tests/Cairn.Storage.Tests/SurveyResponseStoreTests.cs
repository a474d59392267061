using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class SurveyResponseStoreTests(Engines engines)
{
    private static Dictionary<string, AnswerValue> A(params (string Id, AnswerValue Value)[] answers) => answers.ToDictionary(a => a.Id, a => a.Value);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AResponse_IsSavedAsItGoes_CompletedOnce_AndItsCommentBecomesFeedback(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("s", Industry.Retail)).Id;
        var id = await store.CreateSurveyAsync(workspace, "Support CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes);
        var survey = (await store.SurveyAsync(workspace, id))!;
        Assert.Equal(["ces", "why"], survey.Definition.Questions.Select(q => q.Id));

        // Page 1 saved as partial; the respondent comes back, changes the score and finishes.
        Assert.Equal(ResponseSaved.Partial, await store.SaveResponseAsync(workspace, survey, new("r-1", null, "web", "de", false, A(("ces", AnswerValue.Of(6))))));
        var resumed = await store.ResponseAsync(workspace, "r-1");
        Assert.True(resumed.Exists);
        Assert.False(resumed.Complete);
        Assert.Equal(6, resumed.Answers["ces"].Number);

        var final = new ResponseSubmission("r-1", null, "web", "de", true, A(("ces", AnswerValue.Of(7)), ("why", AnswerValue.Of("I was on hold for an hour, terrible service."))));
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(workspace, survey, final));
        // A double click, a retry, a second tab: nothing changes.
        Assert.Equal(ResponseSaved.AlreadyComplete, await store.SaveResponseAsync(workspace, survey, final with { Answers = A(("ces", AnswerValue.Of(1))) }));

        var summary = (await store.SurveysAsync(workspace)).Single();
        Assert.Equal((1L, 0L), (summary.Complete, summary.Partial));
        Assert.Equal(7, (await store.ResponseAsync(workspace, "r-1")).Answers["ces"].Number);
        var comments = await store.FeedbackPageAsync(workspace, FeedbackQuery.Parse(new Dictionary<string, string?> { ["source"] = "survey_comment" }, []));
        var comment = Assert.Single(comments.Items);
        Assert.Equal("negative", comment.SentimentLabel);
        Assert.Contains(comment.Themes, t => t.Name == "Wait time");
        Assert.Equal(7, comment.Rating);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ChangingAnAnswerThatHidesAFollowUp_DropsTheFollowUpsSavedAnswer(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("s", Industry.Retail)).Id;
        var survey = (await store.SurveyAsync(workspace, await store.CreateSurveyAsync(workspace, "CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes)))!;

        await store.SaveResponseAsync(workspace, survey, new("r-2", null, "web", "en", false, A(("ces", AnswerValue.Of(6)), ("why", AnswerValue.Of("slow")))));
        await store.SaveResponseAsync(workspace, survey, new("r-2", null, "web", "en", true, A(("ces", AnswerValue.Of(2)))));

        var saved = await store.ResponseAsync(workspace, "r-2");
        Assert.True(saved.Complete);
        Assert.Equal(["ces"], saved.Answers.Keys);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ManyRespondentsAtOnce_AreEachSavedOnce_WithAnswersCommentsAndWebhooks(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("burst", Industry.Retail)).Id;
        var id = await store.CreateSurveyAsync(workspace, "Support CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes);
        var survey = (await store.SurveyAsync(workspace, id))!;
        await store.CreateWebhookAsync(workspace, "https://hooks.example.com/cx", "whsec_x", [Core.Outbound.WebhookEvents.ResponseCompleted], false, "test");

        // 300 respondents at once: each sends a partial page, then (some twice: a double click) the
        // complete response, while others finish in one go. Groups mix new, resumed and repeated ids.
        using var callers = new SemaphoreSlim(100); // as many at once as a busy node's connection pool serves
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
        {
            await callers.WaitAsync();
            try
            {
                var rid = $"b-{i}";
                var final = new ResponseSubmission(rid, null, "web", "en", true, A(("ces", AnswerValue.Of(1 + (i % 7))), ("why", AnswerValue.Of($"Respondent {i} waited on hold for ages, awful."))));
                if (i % 3 == 0)
                {
                    await store.SaveResponseAsync(workspace, survey, new(rid, null, "web", "en", false, A(("ces", AnswerValue.Of(7)))));
                }

                var first = await store.SaveResponseAsync(workspace, survey, final);
                var again = i % 5 == 0 ? await store.SaveResponseAsync(workspace, survey, final) : ResponseSaved.AlreadyComplete;
                return (first, again);
            }
            finally
            {
                callers.Release();
            }
        })));

        Assert.All(outcomes, o => Assert.Equal((ResponseSaved.Complete, ResponseSaved.AlreadyComplete), o));
        var summary = (await store.SurveysAsync(workspace)).Single();
        Assert.Equal((300L, 0L), (summary.Complete, summary.Partial));
        var distribution = await store.ScoreDistributionAsync(workspace, id, "ces");
        Assert.Equal(300, distribution.Sum(d => d.Count));
        Assert.Equal(Enumerable.Range(0, 300).Count(i => 1 + (i % 7) == 3), distribution.Single(d => d.Score == 3).Count); // the final answer, not the partial 7
        var comments = await store.FeedbackPageAsync(workspace, FeedbackQuery.Parse(new Dictionary<string, string?> { ["source"] = "survey_comment", ["limit"] = "500" }, []));
        Assert.Equal(300, comments.Total);
        using var connection = store.Dialect.OpenConnection();
        Assert.Equal(300, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, store.Dialect.Sql("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = @workspace AND event = 'response.completed'"), new { workspace }));
        Assert.Equal(600, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, store.Dialect.Sql("SELECT count(*) FROM answers WHERE workspace_id = @workspace"), new { workspace }));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task TheGroupCommit_FindsStoredIds_AndNeverFallsBackForThem(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("groups", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([.. Enumerable.Range(0, 40).Select(i => CustomerProfile.Minimal($"g{i}") with { Segment = i % 2 == 0 ? "smb" : "enterprise" })]));
        var id = await store.CreateSurveyAsync(workspace, "Support CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes);
        var survey = (await store.SurveyAsync(workspace, id))!;
        ResponseSubmission Of(int i, bool complete) => new($"g-{i}", $"g{i % 40}", "web", "en", complete, A(("ces", AnswerValue.Of(complete ? 6 : 2))));
        async Task<ResponseSaved[]> All(Func<int, ResponseSubmission> submission) =>
            await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => store.SaveResponseAsync(workspace, survey, submission(i)))));

        // New ids (every third partial), then all of them complete at once (resumed and repeated ids),
        // then all again: stored ids must be found before the insert, or the group's insert meets
        // their keys and the whole group is redone one by one.
        Assert.All(await All(i => Of(i, i % 3 != 0)), s => Assert.True(s is ResponseSaved.Complete or ResponseSaved.Partial));
        var second = await All(i => Of(i, true));
        Assert.Equal(40, second.Count(s => s == ResponseSaved.Complete));
        Assert.Equal(80, second.Count(s => s == ResponseSaved.AlreadyComplete));
        Assert.All(await All(i => Of(i, true)), s => Assert.Equal(ResponseSaved.AlreadyComplete, s));
        Assert.Equal(0, store.ResponseGroupFallbacks);
        Assert.Equal((120L, 0L), ((await store.SurveysAsync(workspace)).Single().Complete, (await store.SurveysAsync(workspace)).Single().Partial));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ADoubleClick_ArrivingTwiceAtOnce_IsSavedOnce_AndTheOtherToldItIsDone(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("double", Industry.Retail)).Id;
        var id = await store.CreateSurveyAsync(workspace, "Support CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes);
        var survey = (await store.SurveyAsync(workspace, id))!;

        for (var i = 0; i < 20; i++)
        {
            var final = new ResponseSubmission($"dc-{i}", null, "web", "en", true, A(("ces", AnswerValue.Of(2))));
            var both = await Task.WhenAll(Task.Run(() => store.SaveResponseAsync(workspace, survey, final)), Task.Run(() => store.SaveResponseAsync(workspace, survey, final)));
            Assert.Equal([ResponseSaved.Complete, ResponseSaved.AlreadyComplete], both.Order());
        }

        Assert.Equal((20L, 0L), ((await store.SurveysAsync(workspace)).Single().Complete, (await store.SurveysAsync(workspace)).Single().Partial));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ASaveOnlyIfNew_StartsANewResponse_AndChangesNothingWhenTheIdIsStored(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("only-if-new", Industry.Retail)).Id;
        var survey = (await store.SurveyAsync(workspace, await store.CreateSurveyAsync(workspace, "CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes)))!;
        var first = new ResponseSubmission("oin-1", null, "web", "en", false, A(("ces", AnswerValue.Of(6)))) { OnlyIfNew = true };

        Assert.Equal(ResponseSaved.Partial, await store.SaveResponseAsync(workspace, survey, first));
        Assert.Equal(ResponseSaved.NotNew, await store.SaveResponseAsync(workspace, survey, first with { Answers = A(("ces", AnswerValue.Of(2))) }));
        Assert.Equal(6, (await store.ResponseAsync(workspace, "oin-1")).Answers["ces"].Number);

        // Arriving twice at once (one group, or two): one starts the response, the other is told it exists.
        var twice = new ResponseSubmission("oin-2", null, "web", "en", false, A(("ces", AnswerValue.Of(3)))) { OnlyIfNew = true };
        var both = await Task.WhenAll(Task.Run(() => store.SaveResponseAsync(workspace, survey, twice)), Task.Run(() => store.SaveResponseAsync(workspace, survey, twice)));
        Assert.Equal([ResponseSaved.Partial, ResponseSaved.NotNew], both.Order());

        await store.SaveResponseAsync(workspace, survey, first with { Complete = true, OnlyIfNew = false });
        Assert.Equal(ResponseSaved.AlreadyComplete, await store.SaveResponseAsync(workspace, survey, first));
        Assert.Equal((1L, 1L), ((await store.SurveysAsync(workspace)).Single().Complete, (await store.SurveysAsync(workspace)).Single().Partial));
    }

    /// <summary>
    /// Two PostgreSQL nodes (two stores on one database), each group-committing the same new response
    /// ids at once: one node's group fails on the other's keys and is saved response by response, so
    /// each response is stored once and each id's second arrival is told it is done.
    /// </summary>
    [Fact]
    public async Task TwoNodes_SavingTheSameNewResponsesAtOnce_StoreEachOnce()
    {
        var location = engines.NewLocation(StorageEngine.Postgres);
        await using var one = CairnStore.Open(location);
        await using var two = CairnStore.Open(location);
        var workspace = (await one.EnsureWorkspaceAsync("nodes", Industry.Retail)).Id;
        var survey = (await one.SurveyAsync(workspace, await one.CreateSurveyAsync(workspace, "CES", SurveyKind.Ces, null, SurveyTemplates.PostSupportCes)))!;

        // In rounds, so the two nodes' groups start together and hold the same new ids at once: groups
        // of many (one node's group fails on the other's keys) and of one (the response saved alone
        // must wait for the other node's insert, not fail on it).
        var outcomes = new List<ResponseSaved>();
        var rounds = Enumerable.Range(0, 5).Select(r => (From: r * 30, Count: 30)).Concat(Enumerable.Range(0, 150).Select(r => (From: 150 + r, Count: 1)));
        foreach (var (from, count) in rounds)
        {
            var submissions = Enumerable.Range(from, count).Select(i => new ResponseSubmission($"node-{i}", null, "web", "en", true, A(("ces", AnswerValue.Of(1 + (i % 7)))))).ToList();
            using var start = new ManualResetEventSlim();
            var saving = new[] { one, two }.Select(node => Task.Run(async () =>
            {
                start.Wait();
                return await Task.WhenAll(submissions.Select(s => node.SaveResponseAsync(workspace, survey, s)));
            })).ToList();
            start.Set();
            outcomes.AddRange((await Task.WhenAll(saving)).SelectMany(o => o));
        }

        Assert.Equal(300, outcomes.Count(o => o == ResponseSaved.Complete));
        Assert.Equal(300, outcomes.Count(o => o == ResponseSaved.AlreadyComplete));
        using var connection = one.Dialect.OpenConnection();
        Assert.Equal(300, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM responses WHERE id LIKE 'node-%' AND status = 'complete'"));
        Assert.Equal(300, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM answers WHERE response_id LIKE 'node-%'"));
    }
}
