using Cairn.Storage.Audits;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    private const string AuditColumns = """
        a.id, a.title, a.subject, a.competitor_id AS Competitor, a.journey_id AS JourneyId, j.name AS Journey, a.walker, a.walked_at AS WalkedAt, a.notes,
        a.created_at AS CreatedAt, a.created_by AS CreatedBy,
        (SELECT count(*) FROM audit_steps s WHERE s.workspace_id = a.workspace_id AND s.audit_id = a.id) AS Steps,
        (SELECT CAST(avg(s.effort) AS DOUBLE PRECISION) FROM audit_steps s WHERE s.workspace_id = a.workspace_id AND s.audit_id = a.id) AS MeanEffort
        FROM audits a LEFT JOIN journeys j ON j.workspace_id = a.workspace_id AND j.id = a.journey_id
        """;

    private const string AuditStepColumns = """
        s.id, s.audit_id AS AuditId, s.position, s.touchpoint_id AS TouchpointId, t.name AS Touchpoint, g.name AS Stage, s.action, s.effort, s.emotion, s.minutes,
        s.observation, s.evidence_type AS EvidenceType, s.evidence_name AS EvidenceName, s.evidence_bytes AS EvidenceBytes
        FROM audit_steps s
        LEFT JOIN touchpoints t ON t.workspace_id = s.workspace_id AND t.id = s.touchpoint_id
        LEFT JOIN stages g ON g.id = t.stage_id
        """;

    public Task<long> CreateAuditAsync(long workspaceId, AuditDraft draft, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return ScalarAsync<long>(
            """
            INSERT INTO audits (workspace_id, title, subject, competitor_id, journey_id, walker, walked_at, notes, created_at, created_by)
            VALUES (@workspaceId, @Title, @Subject, @Competitor, @JourneyId, @Walker, @WalkedAt, @Notes, @now, @createdBy)
            RETURNING id
            """, new { workspaceId, draft.Title, draft.Subject, draft.Competitor, draft.JourneyId, draft.Walker, draft.WalkedAt, draft.Notes, now = UtcNow, createdBy });
    }

    /// <summary>Every walk, newest first; only those of one journey when <paramref name="journeyId"/> is given.</summary>
    public Task<IReadOnlyList<AuditRow>> AuditsAsync(long workspaceId, long? journeyId = null) =>
        QueryAsync<AuditRow>($"""
            SELECT {AuditColumns}
            WHERE a.workspace_id = @workspaceId AND (CAST(@journeyId AS BIGINT) IS NULL OR a.journey_id = @journeyId)
            ORDER BY a.walked_at DESC NULLS LAST, a.id DESC
            """, new { workspaceId, journeyId });

    public async Task<AuditRow?> AuditAsync(long workspaceId, long id) =>
        (await QueryAsync<AuditRow>($"SELECT {AuditColumns} WHERE a.workspace_id = @workspaceId AND a.id = @id", new { workspaceId, id })).SingleOrDefault();

    /// <summary>The steps of one walk, in walking order.</summary>
    public Task<IReadOnlyList<AuditStepRow>> AuditStepsAsync(long workspaceId, long auditId) =>
        QueryAsync<AuditStepRow>($"SELECT {AuditStepColumns} WHERE s.workspace_id = @workspaceId AND s.audit_id = @auditId ORDER BY s.position, s.id",
            new { workspaceId, auditId });

    /// <summary>The steps of every walk of one journey (ours and competitors'), walk by walk in walking order.</summary>
    public Task<IReadOnlyList<AuditStepRow>> JourneyAuditStepsAsync(long workspaceId, long journeyId) =>
        QueryAsync<AuditStepRow>($"""
            SELECT {AuditStepColumns}
            WHERE s.workspace_id = @workspaceId AND s.audit_id IN (SELECT a.id FROM audits a WHERE a.workspace_id = @workspaceId AND a.journey_id = @journeyId)
            ORDER BY s.audit_id, s.position, s.id
            """, new { workspaceId, journeyId });

    /// <summary>Appends a step to a walk (next position) and returns its id.</summary>
    public Task<long> AddAuditStepAsync(long workspaceId, long auditId, AuditStepDraft step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return ScalarAsync<long>(
            """
            INSERT INTO audit_steps (workspace_id, audit_id, position, touchpoint_id, action, effort, emotion, minutes, observation)
            VALUES (@workspaceId, @auditId,
                    (SELECT COALESCE(max(position), 0) + 1 FROM audit_steps WHERE workspace_id = @workspaceId AND audit_id = @auditId),
                    @TouchpointId, @Action, @Effort, @Emotion, @Minutes, @Observation)
            RETURNING id
            """, new { workspaceId, auditId, step.TouchpointId, step.Action, step.Effort, step.Emotion, step.Minutes, step.Observation });
    }

    /// <summary>Deletes a step and its evidence; false when the walk has no such step.</summary>
    public async Task<bool> DeleteAuditStepAsync(long workspaceId, long auditId, long stepId)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var deleted = await connection.ExecuteAsync(Dialect.Sql("DELETE FROM audit_steps WHERE workspace_id = @workspaceId AND audit_id = @auditId AND id = @stepId"),
            new { workspaceId, auditId, stepId }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM audit_evidence WHERE workspace_id = @workspaceId AND step_id = @stepId"), new { workspaceId, stepId }, transaction);
        transaction.Commit();
        return deleted > 0;
    }

    /// <summary>Stores (or replaces) a step's evidence file in one transaction; false when the walk has no such step.</summary>
    public async Task<bool> SaveAuditEvidenceAsync(long workspaceId, long auditId, long stepId, AuditEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var found = await connection.ExecuteAsync(Dialect.Sql("""
            UPDATE audit_steps SET evidence_type = @ContentType, evidence_name = @Name, evidence_bytes = @size
            WHERE workspace_id = @workspaceId AND audit_id = @auditId AND id = @stepId
            """), new { workspaceId, auditId, stepId, evidence.ContentType, evidence.Name, size = (long)evidence.Data.Length }, transaction);
        if (found == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM audit_evidence WHERE workspace_id = @workspaceId AND step_id = @stepId"), new { workspaceId, stepId }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("INSERT INTO audit_evidence (workspace_id, step_id, data) VALUES (@workspaceId, @stepId, @data)"),
            new { workspaceId, stepId, data = evidence.Data }, transaction);
        transaction.Commit();
        return true;
    }

    /// <summary>A step's evidence file, or null when the step (in that walk, in that workspace) has none.</summary>
    public async Task<AuditEvidence?> AuditEvidenceAsync(long workspaceId, long auditId, long stepId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = Dialect.Sql("""
            SELECT s.evidence_type, s.evidence_name, e.data
            FROM audit_steps s JOIN audit_evidence e ON e.workspace_id = s.workspace_id AND e.step_id = s.id
            WHERE s.workspace_id = @workspaceId AND s.audit_id = @auditId AND s.id = @stepId
            """);
        foreach (var (name, value) in new (string, long)[] { ("workspaceId", workspaceId), ("auditId", auditId), ("stepId", stepId) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        // DuckDB.NET hands a BLOB out as a stream (Dapper cannot map it to byte[]); Npgsql does both.
        using var data = reader.GetStream(2);
        using var copy = new MemoryStream();
        await data.CopyToAsync(copy);
        return new AuditEvidence(reader.GetString(0), reader.GetString(1), copy.ToArray());
    }

    /// <summary>The competitors this workspace knows: those its reviews name and those already walked.</summary>
    public Task<IReadOnlyList<string>> CompetitorNamesAsync(long workspaceId) =>
        QueryAsync<string>("""
            SELECT DISTINCT competitor FROM feedback WHERE workspace_id = @workspaceId AND competitor IS NOT NULL
            UNION
            SELECT DISTINCT competitor_id FROM audits WHERE workspace_id = @workspaceId AND competitor_id IS NOT NULL
            ORDER BY 1
            """, new { workspaceId });
}
