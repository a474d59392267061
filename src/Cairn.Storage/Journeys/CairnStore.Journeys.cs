using Cairn.Core.Journeys;
using Dapper;

namespace Cairn.Storage;

public sealed record TouchpointRow(long Id, long JourneyId, long StageId, string Stage, string Name, string? Channel, bool MomentOfTruth);

/// <summary>What editing a future-state map came to.</summary>
public enum JourneyEditOutcome
{
    Done,
    NotFound,
    NotFuture,
    NotCurrent,

    /// <summary>A current map's edit would drop a stage or touchpoint that data is placed on.</summary>
    InUse,
}

public sealed partial class CairnStore
{
    /// <summary>
    /// Creates a journey with its stages, touchpoints and event rules in one transaction, and maps
    /// the workspace's already stored events to its touchpoints; returns its id. A future-state
    /// draft names the map it was drafted from in <paramref name="basedOn"/>.
    /// </summary>
    public long CreateJourney(long workspaceId, JourneyDefinition journey, long? basedOn = null)
    {
        ArgumentNullException.ThrowIfNull(journey);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var journeyId = connection.ExecuteScalar<long>(
            Dialect.Sql("INSERT INTO journeys (workspace_id, name, persona_id, scope, purpose, state, version, created_at, based_on) VALUES (@workspaceId, @name, @persona, @scope, @purpose, @state, 1, @now, @basedOn) RETURNING id"),
            new { workspaceId, name = journey.Name, persona = journey.PersonaId, scope = journey.Scope, purpose = journey.Purpose, state = journey.State.ToString().ToLowerInvariant(), now = UtcNow, basedOn },
            transaction);
        InsertStages(connection, transaction, workspaceId, journeyId, journey.Stages);

        // Events stored before the journey existed are mapped now, as ingestion maps later ones;
        // a future-state map is a design, not a lens on today's data.
        if (journey.State == JourneyState.Current)
        {
            connection.Execute(Dialect.Sql("""
            UPDATE events SET touchpoint_id = (
                SELECT min(r.touchpoint_id) FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id
                WHERE r.workspace_id = events.workspace_id AND r.event_name = events.name AND t.journey_id = @journeyId)
            WHERE workspace_id = @workspaceId AND touchpoint_id IS NULL AND name IN (
                SELECT r.event_name FROM touchpoint_rules r JOIN touchpoints t ON t.id = r.touchpoint_id WHERE r.workspace_id = @workspaceId AND t.journey_id = @journeyId)
            """), new { workspaceId, journeyId }, transaction);
        }

        transaction.Commit();
        return journeyId;
    }

    /// <summary>
    /// Rewrites a future-state map (its name, scope, purpose, stages, touchpoints and event rules)
    /// in one transaction and raises its version. Only a future state can be rewritten: a current
    /// map is the lens today's events, answers and cases were mapped through. Pain points,
    /// opportunities and stage owners follow their touchpoint or stage by name; those whose
    /// element was removed lose the link and keep their text.
    /// </summary>
    public async Task<JourneyEditOutcome> ReplaceFutureJourneyAsync(long workspaceId, long journeyId, JourneyDefinition journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var state = await connection.ExecuteScalarAsync<string?>(Dialect.Sql("SELECT state FROM journeys WHERE workspace_id = @workspaceId AND id = @journeyId"),
            new { workspaceId, journeyId }, transaction);
        if (state is null)
        {
            return JourneyEditOutcome.NotFound;
        }

        if (!string.Equals(state, "future", StringComparison.OrdinalIgnoreCase))
        {
            return JourneyEditOutcome.NotFuture;
        }

        var parameters = new { workspaceId, journeyId };
        var oldStages = (await connection.QueryAsync<(long Id, string Name)>(Dialect.Sql("SELECT id, name FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction)).ToList();
        var oldTouchpoints = (await connection.QueryAsync<(long Id, string Name)>(Dialect.Sql("SELECT id, name FROM touchpoints WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction)).ToList();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM touchpoint_rules WHERE workspace_id = @workspaceId AND touchpoint_id IN (SELECT id FROM touchpoints WHERE journey_id = @journeyId)"), parameters, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM touchpoints WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction);
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId"), parameters, transaction);
        await connection.ExecuteAsync(Dialect.Sql("""
            UPDATE journeys SET name = @name, persona_id = @persona, scope = @scope, purpose = @purpose, version = version + 1
            WHERE workspace_id = @workspaceId AND id = @journeyId
            """), new { workspaceId, journeyId, name = journey.Name, persona = journey.PersonaId, scope = journey.Scope, purpose = journey.Purpose }, transaction);
        var (stages, touchpoints) = InsertStages(connection, transaction, workspaceId, journeyId, journey.Stages);

        foreach (var (oldId, name) in oldTouchpoints)
        {
            long? now = touchpoints.TryGetValue(name, out var id) ? id : null;
            foreach (var table in new[] { "pain_points", "opportunities" })
            {
                await connection.ExecuteAsync(Dialect.Sql($"UPDATE {table} SET touchpoint_id = @now WHERE workspace_id = @workspaceId AND journey_id = @journeyId AND touchpoint_id = @oldId"),
                    new { workspaceId, journeyId, oldId, now }, transaction);
            }
        }

        foreach (var (oldId, name) in oldStages)
        {
            await connection.ExecuteAsync(Dialect.Sql(stages.TryGetValue(name, out var id)
                ? "UPDATE stage_owners SET stage_id = @id WHERE workspace_id = @workspaceId AND stage_id = @oldId"
                : "DELETE FROM stage_owners WHERE workspace_id = @workspaceId AND stage_id = @oldId"), new { workspaceId, oldId, id }, transaction);
        }

        transaction.Commit();
        ForgetSurveys(); // a survey knows its touchpoint's name and stage
        return JourneyEditOutcome.Done;
    }

    private const string InsertStageSql =
        "INSERT INTO stages (workspace_id, journey_id, position, name, customer_goal, expectations, actions) VALUES (@workspaceId, @journeyId, @position, @name, @goal, @expectations, @actions) RETURNING id";

    private const string InsertTouchpointSql =
        "INSERT INTO touchpoints (workspace_id, journey_id, stage_id, position, name, channel, moment_of_truth, owner) VALUES (@workspaceId, @journeyId, @stageId, @position, @name, @channel, @mot, @owner) RETURNING id";

    /// <summary>Inserts the stages with their touchpoints and event rules; returns the new ids by name.</summary>
    private (Dictionary<string, long> Stages, Dictionary<string, long> Touchpoints) InsertStages(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        long workspaceId, long journeyId, IReadOnlyList<StageDefinition> stages)
    {
        var stageIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var touchpointIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            var stageId = connection.ExecuteScalar<long>(
                Dialect.Sql(InsertStageSql),
                new { workspaceId, journeyId, position = s + 1, name = stage.Name, goal = stage.CustomerGoal, expectations = stage.Expectations, actions = stage.Actions },
                transaction);
            stageIds[stage.Name] = stageId;
            for (var t = 0; t < stage.Touchpoints.Count; t++)
            {
                var touchpoint = stage.Touchpoints[t];
                var touchpointId = connection.ExecuteScalar<long>(
                    Dialect.Sql(InsertTouchpointSql),
                    new { workspaceId, journeyId, stageId, position = t + 1, name = touchpoint.Name, channel = touchpoint.Channel, mot = touchpoint.MomentOfTruth, owner = touchpoint.Owner },
                    transaction);
                touchpointIds[touchpoint.Name] = touchpointId;
                foreach (var eventName in touchpoint.EventNames.Distinct(StringComparer.Ordinal))
                {
                    connection.Execute(
                        Dialect.Sql("INSERT INTO touchpoint_rules (workspace_id, event_name, touchpoint_id) VALUES (@workspaceId, @eventName, @touchpointId)"),
                        new { workspaceId, eventName, touchpointId },
                        transaction);
                }
            }
        }

        return (stageIds, touchpointIds);
    }

    public Task<IReadOnlyList<TouchpointRow>> ListTouchpointsAsync(long workspaceId) =>
        QueryAsync<TouchpointRow>(
            """
            SELECT t.id, t.journey_id AS JourneyId, t.stage_id AS StageId, s.name AS Stage, t.name, t.channel, t.moment_of_truth AS MomentOfTruth
            FROM touchpoints t JOIN stages s ON s.id = t.stage_id
            WHERE t.workspace_id = @workspaceId
            ORDER BY s.position, t.position
            """,
            new { workspaceId });
}
