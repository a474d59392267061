using Dapper;

namespace Cairn.Storage;

/// <summary>An opportunity on a journey map: what could be better, where, who owns it, by when, and the evidence for it.</summary>
public sealed record StoredOpportunity(long Id, long? TouchpointId, long? PainPointId, string Title, string? Description, string? Owner, DateTime? DueDate,
    string Status, string? Evidence, DateTime CreatedAt, string? CreatedBy);

/// <summary>What an analyst writes; <see cref="EvidenceJson"/> holds the quoted feedback ids and the metric in words.</summary>
public sealed record OpportunityDraft(long? TouchpointId, long? PainPointId, string Title, string? Description, string? Owner, DateTime? DueDate, string? EvidenceJson);

public sealed partial class CairnStore
{
    /// <summary>An opportunity's life: open, planned (an initiative takes it up), done, or dropped.</summary>
    public static readonly IReadOnlyList<string> OpportunityStatuses = ["open", "planned", "done", "dropped"];

    public async Task<IReadOnlyList<StoredOpportunity>> OpportunitiesAsync(long workspaceId, long journeyId)
    {
        var rows = await QueryAsync<StoredOpportunity>("""
            SELECT id, touchpoint_id AS TouchpointId, pain_point_id AS PainPointId, title, description, owner, CAST(due_date AS {{ts}}) AS DueDate, status,
                   evidence, created_at AS CreatedAt, created_by AS CreatedBy
            FROM opportunities WHERE workspace_id = @workspaceId AND journey_id = @journeyId ORDER BY id
            """, new { workspaceId, journeyId });
        return [.. rows.Select(r => r with { CreatedAt = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc) })];
    }

    public async Task<long> AddOpportunityAsync(long workspaceId, long journeyId, OpportunityDraft draft, string actor)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var connection = Connect();
        return await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            INSERT INTO opportunities (workspace_id, journey_id, touchpoint_id, pain_point_id, title, description, owner, due_date, status, evidence, created_at, created_by)
            VALUES (@workspaceId, @journeyId, @TouchpointId, @PainPointId, @Title, @Description, @Owner, CAST(@DueDate AS DATE), 'open', @EvidenceJson, @now, @actor)
            RETURNING id
            """), new { workspaceId, journeyId, draft.TouchpointId, draft.PainPointId, draft.Title, draft.Description, draft.Owner, draft.DueDate, draft.EvidenceJson, now = UtcNow, actor });
    }

    /// <summary>Moves an opportunity to another status; false when it is not this journey's.</summary>
    public async Task<bool> SetOpportunityStatusAsync(long workspaceId, long journeyId, long id, string status) =>
        await ExecuteAsync("UPDATE opportunities SET status = @status WHERE workspace_id = @workspaceId AND journey_id = @journeyId AND id = @id",
            new { workspaceId, journeyId, id, status }) > 0;
}
