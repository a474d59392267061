using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    public Task<IReadOnlyList<JourneySummary>> JourneysAsync(long workspaceId) =>
        QueryAsync<JourneySummary>(
            """
            SELECT j.id, j.name, j.persona_id AS PersonaId, j.state, j.version,
                   (SELECT count(*) FROM stages s WHERE s.journey_id = j.id) AS Stages,
                   (SELECT count(*) FROM touchpoints t WHERE t.journey_id = j.id) AS Touchpoints
            FROM journeys j WHERE j.workspace_id = @workspaceId ORDER BY j.id
            """,
            new { workspaceId });

    /// <summary>The journey with its stages, touchpoints, event rules and placed surveys; null when it is not in the workspace.</summary>
    public async Task<StoredJourney?> JourneyAsync(long workspaceId, long journeyId)
    {
        using var connection = Connect();
        var journey = (await connection.QueryAsync<(long Id, string Name, string? Persona, string? Scope, string? Purpose, string State, int Version, long? BasedOn)>(
            Dialect.Sql("SELECT id, name, persona_id, scope, purpose, state, version, based_on FROM journeys WHERE workspace_id = @workspaceId AND id = @journeyId"),
            new { workspaceId, journeyId })).ToList();
        if (journey.Count == 0)
        {
            return null;
        }

        var parameters = new { workspaceId, journeyId };
        var stages = await connection.QueryAsync<(long Id, int Position, string Name, string? Goal, string? Expectations, string? Actions)>(
            Dialect.Sql("SELECT id, position, name, customer_goal, expectations, actions FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId ORDER BY position, id"), parameters);
        var touchpoints = (await connection.QueryAsync<(long Id, long StageId, string Name, string? Channel, bool MomentOfTruth, string? Owner)>(
            Dialect.Sql("SELECT id, stage_id, name, channel, moment_of_truth, owner FROM touchpoints WHERE workspace_id = @workspaceId AND journey_id = @journeyId ORDER BY position, id"), parameters)).ToList();
        var rules = (await connection.QueryAsync<(long TouchpointId, string EventName)>(Dialect.Sql("""
            SELECT r.touchpoint_id, r.event_name FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id
            WHERE r.workspace_id = @workspaceId AND t.journey_id = @journeyId ORDER BY r.event_name
            """), parameters)).ToLookup(r => r.TouchpointId, r => r.EventName);
        var surveys = (await connection.QueryAsync<(long TouchpointId, string Name)>(Dialect.Sql("""
            SELECT s.touchpoint_id, s.name FROM surveys s JOIN touchpoints t ON t.id = s.touchpoint_id
            WHERE s.workspace_id = @workspaceId AND t.journey_id = @journeyId ORDER BY s.id
            """), parameters)).ToLookup(r => r.TouchpointId, r => r.Name);
        var j = journey[0];
        return new StoredJourney(j.Id, j.Name, j.Persona, j.Scope, j.Purpose, j.State, j.Version, stages.Select(s => new StoredStage(
            s.Id, s.Position, s.Name, s.Goal, s.Expectations,
            touchpoints.Where(t => t.StageId == s.Id)
                .Select(t => new StoredTouchpoint(t.Id, t.Name, t.Channel, t.MomentOfTruth, t.Owner, rules[t.Id].ToList(), surveys[t.Id].ToList())).ToList()) { Actions = s.Actions }).ToList())
        {
            BasedOn = j.BasedOn,
        };
    }

    /// <summary>Events and customers per touchpoint of the journey in [from, to), with customers who came back on another day.</summary>
    public async Task<IReadOnlyList<TouchpointActivity>> TouchpointActivityAsync(long workspaceId, long journeyId, DateTime? from, DateTime? to)
    {
        var window = (from is null ? "" : " AND e.ts >= @from") + (to is null ? "" : " AND e.ts < @to");
        return await QueryAsync<TouchpointActivity>($"""
            WITH visits AS (
                SELECT e.touchpoint_id, e.customer_id, count(*) AS events, count(DISTINCT {Dialect.TruncateTime("day", "e.ts")}) AS days
                FROM events e JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId
                WHERE e.workspace_id = @workspaceId{window}
                GROUP BY e.touchpoint_id, e.customer_id
            )
            SELECT touchpoint_id AS TouchpointId, CAST(sum(events) AS BIGINT) AS Events, count(*) AS Customers, CAST(sum(CASE WHEN days >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS ReturningCustomers
            FROM visits GROUP BY touchpoint_id
            """, new { workspaceId, journeyId, from, to });
    }

    public Task<IReadOnlyList<StoredPainPoint>> PainPointsAsync(long workspaceId, long journeyId) =>
        QueryAsync<StoredPainPoint>(
            """
            SELECT id, touchpoint_id AS TouchpointId, rule, title, description, status, owner, CAST(evidence AS TEXT) AS evidence, decided_at AS DecidedAt, decided_by AS DecidedBy
            FROM pain_points WHERE workspace_id = @workspaceId AND journey_id = @journeyId ORDER BY id
            """,
            new { workspaceId, journeyId });

    /// <summary>
    /// Records the analyst's decision on a pain point: a suggested one (with its rule) is inserted
    /// or its decision replaced; one without a rule is always a new, analyst-written pain point.
    /// </summary>
    public async Task<long> DecidePainPointAsync(long workspaceId, long journeyId, long? touchpointId, string? rule, string title, string? description,
        string status, string? owner, string? evidenceJson, string decidedBy)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var parameters = new { workspaceId, journeyId, touchpointId, rule, title, description, status, owner, evidence = evidenceJson, now = UtcNow, decidedBy };
        var existing = rule is null ? null : await connection.ExecuteScalarAsync<long?>(Dialect.Sql("""
            SELECT id FROM pain_points WHERE workspace_id = @workspaceId AND journey_id = @journeyId AND rule = @rule
              AND (touchpoint_id = @touchpointId OR (touchpoint_id IS NULL AND CAST(@touchpointId AS BIGINT) IS NULL))
            """), parameters, transaction);
        long id;
        if (existing is { } found)
        {
            await connection.ExecuteAsync(Dialect.Sql("""
                UPDATE pain_points SET title = @title, description = @description, status = @status, owner = @owner,
                    evidence = CAST(@evidence AS {{json}}), decided_at = @now, decided_by = @decidedBy
                WHERE workspace_id = @workspaceId AND id = @id
                """), new { workspaceId, id = found, title, description, status, owner, evidence = evidenceJson, now = UtcNow, decidedBy }, transaction);
            id = found;
        }
        else
        {
            id = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
                INSERT INTO pain_points (workspace_id, journey_id, touchpoint_id, title, description, status, owner, evidence, created_at, rule, decided_at, decided_by)
                VALUES (@workspaceId, @journeyId, @touchpointId, @title, @description, @status, @owner, CAST(@evidence AS {{json}}), @now, @rule, @now, @decidedBy)
                RETURNING id
                """), parameters, transaction);
        }

        transaction.Commit();
        return id;
    }
}
