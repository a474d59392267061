using System.Collections.Concurrent;
using System.Data.Common;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

/// <summary>A quota with the complete responses it has counted so far.</summary>
public sealed record QuotaCount(SurveyQuota Quota, long Complete)
{
    public bool Full => Complete >= Quota.Limit;
}

public sealed partial class CairnStore
{
    /// <summary>One completion at a time per survey with quotas, in this process (PostgreSQL nodes also lock in the database).</summary>
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _quotaGates = new();

    /// <summary>Replaces a survey's quotas (an empty list removes them); false when the survey is not the workspace's.</summary>
    public async Task<bool> SetSurveyQuotasAsync(long workspaceId, long surveyId, IReadOnlyList<SurveyQuota> quotas)
    {
        var changed = await ExecuteAsync("UPDATE surveys SET quotas = @quotas WHERE workspace_id = @workspaceId AND id = @surveyId",
            new { workspaceId, surveyId, quotas = quotas.Count == 0 ? null : SurveyQuota.ToJson(quotas) }) > 0;
        ForgetSurveys();
        return changed;
    }

    /// <summary>Each quota of the survey with the complete responses that fall in it.</summary>
    public async Task<IReadOnlyList<QuotaCount>> QuotaCountsAsync(long workspaceId, StoredSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        using var connection = Connect();
        var counts = new List<QuotaCount>();
        foreach (var quota in survey.Quotas)
        {
            counts.Add(new QuotaCount(quota, await CountInQuotaAsync(connection, null, workspaceId, survey.Id, quota)));
        }

        return counts;
    }

    /// <summary>
    /// Saves a response of a survey with quotas. A step whose answers fall in a full quota screens
    /// the respondent out at once (nothing to reserve: only complete responses count). A completion
    /// is checked and saved under a lock per survey, so two respondents racing for the last place
    /// cannot both take it: in this process a gate, on PostgreSQL also an advisory lock held by the
    /// transaction that counts and saves.
    /// </summary>
    private async Task<ResponseSaved> SaveWithinQuotasAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission)
    {
        if (!submission.Complete)
        {
            using var connection = Connect();
            return await FullQuotaAsync(connection, null, workspaceId, survey, submission) is null
                ? await SaveResponseUncheckedAsync(workspaceId, survey, submission)
                : await ScreenOutAsync(workspaceId, survey, submission);
        }

        var gate = _quotaGates.GetOrAdd(survey.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (Dialect.SingleWriter)
            {
                // DuckDB: one process writes, and the writer has committed the previous completion
                // before it returned, so the count below sees it.
                using var connection = Connect();
                return await FullQuotaAsync(connection, null, workspaceId, survey, submission) is null
                    ? await SaveResponseUncheckedAsync(workspaceId, survey, submission)
                    : await ScreenOutAsync(workspaceId, survey, submission);
            }

            var now = UtcNow;
            ResponseSaved saved;
            using (var connection = Connect())
            using (var transaction = connection.BeginTransaction())
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = 0x71756F74L ^ survey.Id }, transaction);
                var full = await FullQuotaAsync(connection, transaction, workspaceId, survey, submission);
                saved = await SaveResponseAsync(connection, transaction, workspaceId, survey, full is null ? submission : AsScreenedOut(submission), now);
                transaction.Commit();
                if (full is not null && saved == ResponseSaved.Partial)
                {
                    return ResponseSaved.ScreenedOut;
                }
            }

            if (saved == ResponseSaved.Complete)
            {
                await CommentsToFeedbackAsync(workspaceId, survey, submission, now);
            }

            return saved;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ResponseSaved> ScreenOutAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission) =>
        await SaveResponseUncheckedAsync(workspaceId, survey, AsScreenedOut(submission)) switch
        {
            ResponseSaved.Partial => ResponseSaved.ScreenedOut,
            var other => other, // already complete before the quota filled: it stays so
        };

    private static ResponseSubmission AsScreenedOut(ResponseSubmission submission) => submission with { Complete = false, ScreenedOut = true };

    /// <summary>The first full quota the submission's answers fall in, or null.</summary>
    private async Task<SurveyQuota?> FullQuotaAsync(DbConnection connection, DbTransaction? transaction, long workspaceId, StoredSurvey survey, ResponseSubmission submission)
    {
        foreach (var quota in survey.Quotas.Where(q => q.Matches(submission.Answers)))
        {
            if (await CountInQuotaAsync(connection, transaction, workspaceId, survey.Id, quota) >= quota.Limit)
            {
                return quota;
            }
        }

        return null;
    }

    /// <summary>Complete responses whose answer falls in the quota (a multiple choice is stored one choice per line).</summary>
    private async Task<long> CountInQuotaAsync(DbConnection connection, DbTransaction? transaction, long workspaceId, long surveyId, SurveyQuota quota)
    {
        var condition = quota.Value is not null
            ? "strpos(chr(10) || a.value_text || chr(10), chr(10) || @value || chr(10)) > 0"
            : "a.value_number >= @min AND a.value_number <= @max";
        return await connection.ExecuteScalarAsync<long>(Dialect.Sql($"""
            SELECT count(*) FROM answers a JOIN responses r ON r.workspace_id = a.workspace_id AND r.id = a.response_id AND r.status = 'complete'
            WHERE a.workspace_id = @workspaceId AND a.survey_id = @surveyId AND a.question_id = @question AND {condition}
            """), new { workspaceId, surveyId, question = quota.Question, value = quota.Value, min = quota.Min ?? double.MinValue, max = quota.Max ?? double.MaxValue }, transaction);
    }
}
