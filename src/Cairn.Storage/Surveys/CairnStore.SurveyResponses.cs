using System.Data.Common;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage;

/// <summary>A survey as stored: where it is placed (touchpoint and stage) and its current definition.</summary>
public sealed record StoredSurvey(long Id, string Name, string Kind, string Status, int Version, long? TouchpointId, string? Touchpoint, long? StageId, SurveyDefinition Definition, string DefinitionJson)
{
    /// <summary>Quotas per answer (none by default).</summary>
    public IReadOnlyList<SurveyQuota> Quotas { get; init; } = [];
}

/// <summary>A survey in the list: with its complete and partial response counts, and invitations sent and answered.</summary>
public sealed record SurveySummary(long Id, string Name, string Kind, string Status, int Version, string? Touchpoint, long Complete, long Partial, long Invited, long Responded)
{
    /// <summary>Share of invitations answered with a complete response, in %; null before any invitation.</summary>
    public double? ResponseRate => Invited == 0 ? null : 100.0 * Responded / Invited;
}

/// <summary>What saving a response did: stored (complete or partial so far), or nothing because it was already complete.</summary>
public enum ResponseSaved
{
    Partial,
    Complete,
    AlreadyComplete,

    /// <summary>The answers fall in a full quota: kept, with status screened_out, and the survey ends here.</summary>
    ScreenedOut,

    /// <summary>
    /// Nothing saved: the submission said it starts a new response (<see cref="ResponseSubmission.OnlyIfNew"/>)
    /// but one with its id is stored. The caller reads it and submits again with its answers.
    /// </summary>
    NotNew,
}

/// <summary>One respondent's submission: the response id is the idempotency key (a link's token, a page's hidden field).</summary>
public sealed record ResponseSubmission(string ResponseId, string? CustomerId, string? Channel, string? Locale, bool Complete, IReadOnlyDictionary<string, AnswerValue> Answers)
{
    /// <summary>Set by the store when a quota is full: the response is kept as screened out, never complete.</summary>
    public bool ScreenedOut { get; init; }

    /// <summary>
    /// Set by a caller that has not read the response because it believes it new (a hosted page's
    /// first step): save only if no response has this id, else change nothing and answer
    /// <see cref="ResponseSaved.NotNew"/>. Saves a read per first page: on PostgreSQL that read
    /// was the hosted page's bottleneck (2,600 → 7,000 responses/s without it, measured).
    /// </summary>
    public bool OnlyIfNew { get; init; }

    /// <summary>The response's stored status.</summary>
    public string Status => ScreenedOut ? "screened_out" : Complete ? "complete" : "partial";
}

public sealed partial class CairnStore
{
    /// <summary>Creates a survey from a definition, placed on a touchpoint (and so its stage); returns its id.</summary>
    public async Task<long> CreateSurveyAsync(long workspaceId, string name, SurveyKind kind, long? touchpointId, SurveyDefinition definition)
    {
        if (touchpointId is { } tp && await QuerySingleOrDefaultAsync<long?>("SELECT id FROM touchpoints WHERE workspace_id = @workspaceId AND id = @tp", new { workspaceId, tp }) is null)
        {
            throw new ArgumentException($"touchpoint {tp} does not exist", nameof(touchpointId));
        }

        return CreateSurvey(workspaceId, name, kind, touchpointId, SurveyJson.Export(definition));
    }

    public async Task<IReadOnlyList<SurveySummary>> SurveysAsync(long workspaceId)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long Id, string Name, string Kind, string Status, int Version, string? Touchpoint, long Complete, long Partial, long Invited, long Responded)>(Dialect.Sql("""
            SELECT s.id, s.name, s.kind, s.status, s.current_version, tp.name,
                   (SELECT count(*) FROM responses r WHERE r.workspace_id = s.workspace_id AND r.survey_id = s.id AND r.status = 'complete'),
                   (SELECT count(*) FROM responses r WHERE r.workspace_id = s.workspace_id AND r.survey_id = s.id AND r.status = 'partial'),
                   (SELECT count(*) FROM invitations i WHERE i.workspace_id = s.workspace_id AND i.survey_id = s.id),
                   (SELECT count(*) FROM invitations i WHERE i.workspace_id = s.workspace_id AND i.survey_id = s.id AND i.responded_at IS NOT NULL)
            FROM surveys s LEFT JOIN touchpoints tp ON tp.workspace_id = s.workspace_id AND tp.id = s.touchpoint_id
            WHERE s.workspace_id = @workspaceId
            ORDER BY s.id
            """), new { workspaceId });
        return rows.Select(r => new SurveySummary(r.Id, r.Name, r.Kind, r.Status, r.Version, r.Touchpoint, r.Complete, r.Partial, r.Invited, r.Responded)).ToList();
    }

    /// <summary>The survey with its current definition, or null (also when the stored definition no longer reads, which migrations prevent).</summary>
    /// <summary>
    /// A survey with its current definition. Kept in memory for a few seconds, because every hosted
    /// page request reads it (a query and a JSON parse: about 1 ms of the request on DuckDB): a change
    /// made through this store is seen at once (it drops the kept surveys); one made by another node
    /// within <see cref="SurveyCacheMilliseconds"/>.
    /// </summary>
    public async Task<StoredSurvey?> SurveyAsync(long workspaceId, long surveyId)
    {
        var generation = Interlocked.Read(ref _surveyGeneration);
        if (_surveys.TryGetValue((workspaceId, surveyId), out var kept) && kept.Generation == generation && Environment.TickCount64 - kept.LoadedAt < SurveyCacheMilliseconds)
        {
            return kept.Survey;
        }

        var survey = await LoadSurveyAsync(workspaceId, surveyId);
        if (survey is not null)
        {
            _surveys[(workspaceId, surveyId)] = (survey, generation, Environment.TickCount64);
        }

        return survey;
    }

    /// <summary>How long another node's change to a survey (closing it, say) may take to be seen here.</summary>
    public const int SurveyCacheMilliseconds = 5_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long), (StoredSurvey Survey, long Generation, long LoadedAt)> _surveys = new();

    private long _surveyGeneration;

    /// <summary>Drops every kept survey: called by whatever changes a survey or the touchpoint it is placed on.</summary>
    private void ForgetSurveys() => Interlocked.Increment(ref _surveyGeneration);

    private async Task<StoredSurvey?> LoadSurveyAsync(long workspaceId, long surveyId)
    {
        using var connection = Connect();
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string Name, string Kind, string Status, int Version, long? TouchpointId, string? Touchpoint, long? StageId, string Definition, string? Quotas)?>(Dialect.Sql("""
            SELECT s.id, s.name, s.kind, s.status, s.current_version, s.touchpoint_id, tp.name, tp.stage_id, CAST(v.definition AS TEXT), s.quotas
            FROM surveys s
            JOIN survey_versions v ON v.workspace_id = s.workspace_id AND v.survey_id = s.id AND v.version = s.current_version
            LEFT JOIN touchpoints tp ON tp.workspace_id = s.workspace_id AND tp.id = s.touchpoint_id
            WHERE s.workspace_id = @workspaceId AND s.id = @surveyId
            """), new { workspaceId, surveyId });
        if (row is not { } r)
        {
            return null;
        }

        var definition = SurveyJson.Import(r.Definition, [], r.Name);
        return definition is null ? null : new StoredSurvey(r.Id, r.Name, r.Kind, r.Status, r.Version, r.TouchpointId, r.Touchpoint, r.StageId, definition, r.Definition)
        {
            Quotas = r.Quotas is null ? [] : SurveyQuota.Parse(r.Quotas, definition, []) ?? [],
        };
    }

    /// <summary>A response in the survey's list: who, where, when, and its answers in question order.</summary>
    public sealed record ResponseListRow(string Id, string? CustomerId, string Status, string? Channel, string? Locale, DateTime StartedAt, DateTime? CompletedAt, IReadOnlyList<(string Question, string Value)> Answers);

    /// <summary>The newest responses of a survey (50 per page), optionally only complete or only partial ones, and how many match.</summary>
    public async Task<(long Total, IReadOnlyList<ResponseListRow> Rows)> ResponsesAsync(long workspaceId, long surveyId, string? status, int page)
    {
        const int pageSize = 50;
        using var connection = Connect();
        var parameters = new { workspaceId, surveyId, status, limit = pageSize, offset = (Math.Max(1, page) - 1) * pageSize };
        var total = await connection.ExecuteScalarAsync<long>(Dialect.Sql(
            "SELECT count(*) FROM responses WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND (CAST(@status AS TEXT) IS NULL OR status = @status)"), parameters);
        var rows = (await connection.QueryAsync<(string Id, string? CustomerId, string Status, string? Channel, string? Locale, DateTime StartedAt, DateTime? CompletedAt)>(Dialect.Sql("""
            SELECT id, customer_id, status, channel, locale, started_at, completed_at FROM responses
            WHERE workspace_id = @workspaceId AND survey_id = @surveyId AND (CAST(@status AS TEXT) IS NULL OR status = @status)
            ORDER BY started_at DESC, id LIMIT @limit OFFSET @offset
            """), parameters)).ToList();
        var answers = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        if (rows.Count > 0)
        {
            var ids = QuotedList(rows.Select(r => r.Id));
            foreach (var (response, question, number, text) in await connection.QueryAsync<(string, string, double?, string?)>(Dialect.Sql($"""
                SELECT response_id, question_id, value_number, value_text FROM answers
                WHERE workspace_id = @workspaceId AND response_id IN ({ids})
                """), new { workspaceId }))
            {
                if (!answers.TryGetValue(response, out var list))
                {
                    answers[response] = list = [];
                }

                list.Add((question, number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? text?.Replace('\n', ',') ?? ""));
            }
        }

        return (total, rows.Select(r => new ResponseListRow(r.Id, r.CustomerId, r.Status, r.Channel, r.Locale, AsUtc(r.StartedAt), r.CompletedAt is { } c ? AsUtc(c) : null,
            answers.GetValueOrDefault(r.Id) ?? [])).ToList());
    }

    /// <summary>How many complete responses gave each score to one question of a survey (counted in SQL).</summary>
    public async Task<IReadOnlyList<(double Score, long Count)>> ScoreDistributionAsync(long workspaceId, long surveyId, string questionId)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(double Score, long Count)>(Dialect.Sql("""
            SELECT a.value_number, count(*) FROM answers a
            JOIN responses r ON r.workspace_id = a.workspace_id AND r.id = a.response_id AND r.status = 'complete'
            WHERE a.workspace_id = @workspaceId AND a.survey_id = @surveyId AND a.question_id = @questionId AND a.value_number IS NOT NULL
            GROUP BY a.value_number ORDER BY a.value_number
            """), new { workspaceId, surveyId, questionId });
        return rows.ToList();
    }

    /// <summary>Opens (active) or closes (closed) a survey; a closed survey takes no answers. False when there is no such survey.</summary>
    public async Task<bool> SetSurveyStatusAsync(long workspaceId, long surveyId, string status)
    {
        var changed = await ExecuteAsync("UPDATE surveys SET status = @status WHERE workspace_id = @workspaceId AND id = @surveyId", new { workspaceId, surveyId, status }) > 0;
        ForgetSurveys();
        return changed;
    }

    public async Task<bool> CustomerExistsAsync(long workspaceId, string externalId) =>
        await QuerySingleOrDefaultAsync<long?>("SELECT 1 FROM customers WHERE workspace_id = @workspaceId AND external_id = @externalId", new { workspaceId, externalId }) is not null;

    /// <summary>The workspace a survey belongs to, for public pages that know only the survey's id.</summary>
    public async Task<long?> SurveyWorkspaceAsync(long surveyId)
    {
        // A survey never changes workspace, so the answer is kept once found: it saves every hosted
        // page request a query. A survey not found is asked again (it may be created meanwhile).
        if (_surveyWorkspaces.TryGetValue(surveyId, out var known))
        {
            return known;
        }

        var workspace = await QuerySingleOrDefaultAsync<long?>("SELECT workspace_id FROM surveys WHERE id = @surveyId", new { surveyId });
        if (workspace is { } found)
        {
            _surveyWorkspaces[surveyId] = found;
        }

        return workspace;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _surveyWorkspaces = new();

    /// <summary>The answers saved so far for a response (to resume it), and whether it is complete.</summary>
    public async Task<(bool Exists, bool Complete, Dictionary<string, AnswerValue> Answers)> ResponseAsync(long workspaceId, string responseId)
    {
        // One round trip: the response with its answers (a response without answers: one row, nulls
        // after the status). The answers are filtered by the id itself, not joined on it, so DuckDB
        // looks them up in its index (migration 028: 0.9 ms at ten million answers; the join scanned
        // them, 13 ms).
        using var connection = Connect();
        var rows = (await connection.QueryAsync<(string Status, long SurveyId, string? Question, double? Number, string? Text)>(Dialect.Sql("""
            SELECT r.status, r.survey_id, a.question_id, a.value_number, a.value_text
            FROM responses r
            LEFT JOIN (SELECT question_id, value_number, value_text FROM answers WHERE workspace_id = @workspaceId AND response_id = @responseId) a ON TRUE
            WHERE r.workspace_id = @workspaceId AND r.id = @responseId
            """), new { workspaceId, responseId })).ToList();
        var row = rows.Count == 0 ? ((string Status, long SurveyId)?)null : (rows[0].Status, rows[0].SurveyId);
        var answers = rows.Where(a => a.Question is not null)
            .ToDictionary(a => a.Question!, a => new AnswerValue(a.Number, null, a.Text), StringComparer.Ordinal);

        // Choices are stored as text, one per line: given back as choices, so a resumed page shows them ticked.
        if (answers.Count > 0 && row is { } r && await SurveyAsync(workspaceId, r.SurveyId) is { } survey)
        {
            foreach (var question in survey.Definition.Questions.Where(q => q.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice))
            {
                if (answers.TryGetValue(question.Id, out var stored) && stored.Text is { } text)
                {
                    answers[question.Id] = AnswerValue.OfChoices(text.Split('\n'));
                }
            }
        }

        return (row is not null, row?.Status == "complete", answers);
    }

    /// <summary>
    /// Saves a respondent's answers as they go (partial) or at the end (complete), durably, before
    /// the caller answers. The response id makes it idempotent: a double click, a retry or a
    /// second tab updates the one response, and once complete it is never changed again. Text
    /// answers of a complete response become survey-comment feedback (analysed like any feedback).
    /// The caller has validated the answers against <paramref name="survey"/>.
    /// </summary>
    public async Task<ResponseSaved> SaveResponseAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(submission);
        if (survey.Quotas.Count > 0)
        {
            return await SaveWithinQuotasAsync(workspaceId, survey, submission);
        }

        return await SaveResponseUncheckedAsync(workspaceId, survey, submission);
    }

    // Many responses share one commit (group commit), as events do: see ResponseWriter.
    private Task<ResponseSaved> SaveResponseUncheckedAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission) =>
        ResponseWriter.SaveAsync(workspaceId, survey, submission);

    /// <summary>One response's statements inside the caller's transaction (alone, or one of a group commit).</summary>
    internal async Task<ResponseSaved> SaveResponseAsync(DbConnection connection, DbTransaction transaction, long workspaceId, StoredSurvey survey, ResponseSubmission submission, DateTime now)
    {
        var status = await connection.ExecuteScalarAsync<string?>(Dialect.Sql("SELECT status FROM responses WHERE workspace_id = @workspaceId AND id = @id"),
            new { workspaceId, id = submission.ResponseId }, transaction);
        if (status == "complete")
        {
            return ResponseSaved.AlreadyComplete;
        }

        if (status is not null && submission.OnlyIfNew)
        {
            return ResponseSaved.NotNew;
        }

        var parameters = new
        {
            workspaceId, id = submission.ResponseId, surveyId = survey.Id, version = survey.Version, customerId = submission.CustomerId,
            status = submission.Status, touchpointId = survey.TouchpointId, stageId = survey.StageId,
            channel = submission.Channel, locale = submission.Locale, now, completedAt = submission.Complete ? now : (DateTime?)null,
        };
        if (status is null)
        {
            // Two submits of a new response at once (a double click, on PostgreSQL where each has
            // its own transaction): the second waits for the first here, inserts nothing, and then
            // reads what the first stored, instead of failing on the key.
            var inserted = await connection.ExecuteAsync(Dialect.Sql("""
                INSERT INTO responses (workspace_id, id, survey_id, survey_version, customer_id, status, touchpoint_id, stage_id, channel, locale, started_at, completed_at)
                VALUES (@workspaceId, @id, @surveyId, @version, @customerId, @status, @touchpointId, @stageId, @channel, @locale, @now, @completedAt)
                ON CONFLICT (workspace_id, id) DO NOTHING
                """), parameters, transaction);
            if (inserted == 0)
            {
                status = await connection.ExecuteScalarAsync<string?>(Dialect.Sql("SELECT status FROM responses WHERE workspace_id = @workspaceId AND id = @id"),
                    new { workspaceId, id = submission.ResponseId }, transaction);
                if (status == "complete")
                {
                    return ResponseSaved.AlreadyComplete;
                }

                if (submission.OnlyIfNew)
                {
                    return ResponseSaved.NotNew;
                }

                await connection.ExecuteAsync(Dialect.Sql("UPDATE responses SET status = @status, completed_at = @completedAt, locale = COALESCE(@locale, locale) WHERE workspace_id = @workspaceId AND id = @id"),
                    parameters, transaction);
            }
        }
        else
        {
            await connection.ExecuteAsync(Dialect.Sql("UPDATE responses SET status = @status, completed_at = @completedAt, locale = COALESCE(@locale, locale) WHERE workspace_id = @workspaceId AND id = @id"),
                parameters, transaction);
        }

        // Answers the respondent no longer gives (branching changed) go; the others are upserted.
        var ids = submission.Answers.Where(a => !a.Value.IsEmpty).Select(a => a.Key).ToList();
        var response = new { workspaceId, id = submission.ResponseId };
        if (status is not null)
        {
            await connection.ExecuteAsync(Dialect.Sql(ScoreRollup.Taken(ThisResponse)), response, transaction);
            foreach (var stale in (await connection.QueryAsync<string>(Dialect.Sql("SELECT question_id FROM answers WHERE workspace_id = @workspaceId AND response_id = @id"), new { workspaceId, id = submission.ResponseId }, transaction)).Except(ids))
            {
                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM answers WHERE workspace_id = @workspaceId AND response_id = @id AND question_id = @question"),
                    new { workspaceId, id = submission.ResponseId, question = stale }, transaction);
            }
        }

        // Every answer and the rollup's delta go in one command: one round trip however many questions.
        var answers = new DynamicParameters(new
        {
            workspaceId, id = submission.ResponseId, surveyId = survey.Id, customerId = submission.CustomerId,
            touchpointId = survey.TouchpointId, stageId = survey.StageId, channel = submission.Channel, now,
        });
        var statements = ids.Select((question, i) =>
        {
            var answer = submission.Answers[question];
            answers.Add($"question{i}", question);
            answers.Add($"number{i}", answer.Number);
            answers.Add($"text{i}", StoredText(answer));
            return $"""
                INSERT INTO answers (workspace_id, response_id, question_id, value_number, value_text, survey_id, customer_id, touchpoint_id, stage_id, channel, answered_at)
                VALUES (@workspaceId, @id, @question{i}, @number{i}, @text{i}, @surveyId, @customerId, @touchpointId, @stageId, @channel, @now)
                ON CONFLICT (workspace_id, response_id, question_id) DO UPDATE SET value_number = excluded.value_number, value_text = excluded.value_text, answered_at = excluded.answered_at
                """;
        }).Append(ScoreRollup.Added(ThisResponse));
        await connection.ExecuteAsync(Dialect.Sql(string.Join(";\n", statements)), answers, transaction);
        if (submission.Complete)
        {
            await EnqueueWebhookEventAsync(connection, transaction, workspaceId, Core.Outbound.WebhookEvents.ResponseCompleted, submission.ResponseId,
                CompletedPayload(workspaceId, survey, submission, now), now);
        }

        return submission.Complete ? ResponseSaved.Complete : ResponseSaved.Partial;
    }

    private const string ThisResponse = "a.workspace_id = @workspaceId AND a.response_id = @id";

    /// <summary>An answer's text as stored: free text, or the choices one per line.</summary>
    internal static string? StoredText(AnswerValue answer) => answer.Choices is { Count: > 0 } choices ? string.Join('\n', choices) : answer.Text;

    /// <summary>The body of the response.completed webhook event.</summary>
    internal static string CompletedPayload(long workspaceId, StoredSurvey survey, ResponseSubmission submission, DateTime now)
    {
        var answers = submission.Answers.Where(a => !a.Value.IsEmpty)
            .ToDictionary(a => a.Key, a => (object?)a.Value.Number ?? (a.Value.Choices is { Count: > 0 } choices ? choices : a.Value.Text));
        return WebhookPayload.Of(Core.Outbound.WebhookEvents.ResponseCompleted, submission.ResponseId, now, workspaceId, new
        {
            responseId = submission.ResponseId, surveyId = survey.Id, surveyVersion = survey.Version, customerId = submission.CustomerId,
            touchpointId = survey.TouchpointId, channel = submission.Channel, locale = submission.Locale, answers,
        });
    }

    internal async Task CommentsToFeedbackAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission, DateTime now)
    {
        var comments = CommentItems(survey, submission, now);
        if (comments.Count > 0)
        {
            // The customer of an anonymous or not-yet-identified respondent is not required for feedback.
            await IngestAsync(workspaceId, IngestBatch.OfFeedback(comments));
        }
    }

    /// <summary>The text answers of a complete response as survey-comment feedback, rated with the response's score.</summary>
    internal static List<FeedbackItem> CommentItems(StoredSurvey survey, ResponseSubmission submission, DateTime now)
    {
        var score = survey.Definition.Questions.FirstOrDefault(q => q.IsScore && submission.Answers.GetValueOrDefault(q.Id)?.Number is not null);
        return survey.Definition.Questions
            .Where(q => q.Type == QuestionType.Text && submission.Answers.GetValueOrDefault(q.Id)?.Text is { Length: > 0 })
            .Select(q => new FeedbackItem($"comment-{submission.ResponseId}-{q.Id}", FeedbackSource.SurveyComment, submission.CustomerId, null,
                score is null ? null : submission.Answers[score.Id].Number, score?.Max, null, submission.Answers[q.Id].Text, now, submission.Channel, null)
            { ResponseId = submission.ResponseId })
            .ToList();
    }
}
