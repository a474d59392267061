using Cairn.Core.Strategy;
using Dapper;

namespace Cairn.Storage;

/// <summary>The written CX strategy.</summary>
public sealed record StrategyRow(
    string? Vision, string? Promise, string? Grounded, string? Differentiated, string? Achievable, string NorthStar, double? NorthStarTarget, DateTime? TargetDate,
    DateTime? UpdatedAt, string? UpdatedBy)
{
    public static StrategyRow Empty { get; } = new(null, null, null, null, null, "nps", null, null, null, null);
}

/// <summary>A journey stage and who owns its experience.</summary>
public sealed record StageOwnerRow(long StageId, string Journey, string Stage, int Position, string? Owner);

public sealed partial class CairnStore
{
    public async Task<StrategyRow> StrategyAsync(long workspaceId) =>
        (await QueryAsync<StrategyRow>("""
            SELECT vision, promise, grounded, differentiated, achievable, north_star AS NorthStar, north_star_target AS NorthStarTarget,
                   CAST(target_date AS {{ts}}) AS TargetDate, updated_at AS UpdatedAt, updated_by AS UpdatedBy
            FROM strategies WHERE workspace_id = @workspaceId
            """, new { workspaceId })).SingleOrDefault() ?? StrategyRow.Empty;

    public async Task SaveStrategyAsync(long workspaceId, StrategyRow strategy, string actor)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO strategies (workspace_id, vision, promise, grounded, differentiated, achievable, north_star, north_star_target, target_date, updated_at, updated_by)
            VALUES (@workspaceId, @Vision, @Promise, @Grounded, @Differentiated, @Achievable, @NorthStar, @NorthStarTarget, CAST(@TargetDate AS DATE), @now, @actor)
            ON CONFLICT (workspace_id) DO UPDATE SET vision = excluded.vision, promise = excluded.promise, grounded = excluded.grounded,
                differentiated = excluded.differentiated, achievable = excluded.achievable, north_star = excluded.north_star,
                north_star_target = excluded.north_star_target, target_date = excluded.target_date, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """), new { workspaceId, strategy.Vision, strategy.Promise, strategy.Grounded, strategy.Differentiated, strategy.Achievable, strategy.NorthStar,
                strategy.NorthStarTarget, strategy.TargetDate, now = UtcNow, actor }, transaction);
        await LogAsync(connection, transaction, workspaceId, actor, "strategy.changed", null, System.Text.Json.JsonSerializer.Serialize(new { strategy.NorthStar, strategy.NorthStarTarget }));
        transaction.Commit();
    }

    public Task<IReadOnlyList<StageOwnerRow>> StageOwnersAsync(long workspaceId) =>
        QueryAsync<StageOwnerRow>("""
            SELECT g.id AS StageId, j.name AS Journey, g.name AS Stage, g.position AS Position, o.owner AS Owner
            FROM stages g JOIN journeys j ON j.id = g.journey_id
            LEFT JOIN stage_owners o ON o.workspace_id = j.workspace_id AND o.stage_id = g.id
            WHERE j.workspace_id = @workspaceId
            ORDER BY j.id, g.position
            """, new { workspaceId });

    /// <summary>Names (or, with null, clears) a stage's owner; false when the stage is not the workspace's.</summary>
    public async Task<bool> SetStageOwnerAsync(long workspaceId, long stageId, string? owner)
    {
        if (!(await StageOwnersAsync(workspaceId)).Any(s => s.StageId == stageId))
        {
            return false;
        }

        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM stage_owners WHERE workspace_id = @workspaceId AND stage_id = @stageId"), new { workspaceId, stageId }, transaction);
        if (owner is not null)
        {
            await connection.ExecuteAsync(Dialect.Sql("INSERT INTO stage_owners (workspace_id, stage_id, owner) VALUES (@workspaceId, @stageId, @owner)"), new { workspaceId, stageId, owner }, transaction);
        }

        transaction.Commit();
        return true;
    }

    /// <summary>An initiative's cost and reach as entered (either may be null: not known yet).</summary>
    public async Task<(double? Cost, long? Reach)> InitiativeEconomicsAsync(long workspaceId, long initiativeId) =>
        (await QueryAsync<(double? Cost, long? Reach)>("SELECT cost, reach FROM initiative_economics WHERE workspace_id = @workspaceId AND initiative_id = @initiativeId",
            new { workspaceId, initiativeId })).SingleOrDefault();

    public async Task SetInitiativeEconomicsAsync(long workspaceId, long initiativeId, double? cost, long? reach)
    {
        using var connection = Connect();
        await connection.ExecuteAsync(Dialect.Sql("""
            INSERT INTO initiative_economics (workspace_id, initiative_id, cost, reach) VALUES (@workspaceId, @initiativeId, @cost, @reach)
            ON CONFLICT (workspace_id, initiative_id) DO UPDATE SET cost = excluded.cost, reach = excluded.reach
            """), new { workspaceId, initiativeId, cost, reach });
    }

    /// <summary>
    /// Customers an initiative reaches by its links: active customers of its segments, or who met its
    /// touchpoints in the last year; with neither, every active customer.
    /// </summary>
    public async Task<long> InitiativeReachAsync(long workspaceId, long initiativeId, DateTime now) =>
        (await QueryAsync<long>("""
            SELECT count(*) FROM customers c
            WHERE c.workspace_id = @workspaceId AND c.churned_at IS NULL AND c.status <> 'churned'
              AND (NOT EXISTS (SELECT 1 FROM initiative_links l WHERE l.workspace_id = @workspaceId AND l.initiative_id = @initiativeId AND l.kind IN ('segment', 'touchpoint'))
                   OR c.segment IN (SELECT l.ref FROM initiative_links l WHERE l.workspace_id = @workspaceId AND l.initiative_id = @initiativeId AND l.kind = 'segment')
                   OR EXISTS (SELECT 1 FROM events e JOIN initiative_links l ON l.workspace_id = e.workspace_id AND l.initiative_id = @initiativeId AND l.kind = 'touchpoint'
                              AND l.ref = CAST(e.touchpoint_id AS TEXT)
                              WHERE e.workspace_id = @workspaceId AND e.customer_id = c.external_id AND e.ts > @since))
            """, new { workspaceId, initiativeId, since = now.AddDays(-365) })).Single();

    /// <summary>
    /// What loyalty is worth here: active customers, mean monthly revenue, monthly churn over the last
    /// year, and the share of detractors and of promoters (by their last NPS answer in the year before
    /// that) who left within the following year.
    /// </summary>
    public async Task<LoyaltyEconomics> LoyaltyEconomicsAsync(long workspaceId, DateTime now)
    {
        var parameters = new { workspaceId, now, yearAgo = now.AddDays(-365), twoYearsAgo = now.AddDays(-730) };
        var basics = (await QueryAsync<(long Active, double? Revenue, long AtStart, long Lost)>("""
            SELECT CAST(sum(CASE WHEN churned_at IS NULL AND status <> 'churned' THEN 1 ELSE 0 END) AS BIGINT),
                   avg(CASE WHEN churned_at IS NULL AND status <> 'churned' THEN monthly_revenue END),
                   CAST(sum(CASE WHEN COALESCE(signup_at, created_at) <= @yearAgo AND (churned_at IS NULL OR churned_at > @yearAgo) THEN 1 ELSE 0 END) AS BIGINT),
                   CAST(sum(CASE WHEN COALESCE(signup_at, created_at) <= @yearAgo AND churned_at > @yearAgo AND churned_at <= @now THEN 1 ELSE 0 END) AS BIGINT)
            FROM customers WHERE workspace_id = @workspaceId
            """, parameters)).Single();
        var bands = (await QueryAsync<(string Band, long Customers, long Left)>("""
            WITH latest AS (
                SELECT a.customer_id, a.value_number, a.answered_at,
                       row_number() OVER (PARTITION BY a.customer_id ORDER BY a.answered_at DESC, a.response_id) AS rn
                FROM answers a
                WHERE a.workspace_id = @workspaceId AND a.question_id = 'nps' AND a.customer_id IS NOT NULL
                  AND a.answered_at > @twoYearsAgo AND a.answered_at <= @yearAgo
            )
            SELECT CASE WHEN l.value_number >= 9 THEN 'promoter' ELSE 'detractor' END, count(*),
                   CAST(sum(CASE WHEN c.churned_at > l.answered_at AND c.churned_at <= l.answered_at + INTERVAL '365 days' THEN 1 ELSE 0 END) AS BIGINT)
            FROM latest l JOIN customers c ON c.workspace_id = @workspaceId AND c.external_id = l.customer_id
            WHERE l.rn = 1 AND (l.value_number >= 9 OR l.value_number <= 6)
            GROUP BY 1
            """, parameters)).ToDictionary(b => b.Band);
        double? Rate(string band) => bands.TryGetValue(band, out var b) && b.Customers >= 30 ? (double)b.Left / b.Customers : null;
        double? monthly = basics.AtStart > 0 ? (double)basics.Lost / basics.AtStart / 12 : null;
        return new LoyaltyEconomics(basics.Active, basics.Revenue, monthly, Rate("detractor"), Rate("promoter"),
            bands.TryGetValue("detractor", out var d) ? d.Customers : 0, bands.TryGetValue("promoter", out var p) ? p.Customers : 0);
    }
}
