using System.Data.Common;
using Cairn.Core.Journeys.Paths;
using Dapper;

namespace Cairn.Storage;

/// <summary>What a refresh of the path index did: customers re-ordered, journeys (or the event level) built in full.</summary>
public sealed record PathIndexRefresh(int Customers, int Built);

/// <summary>
/// The journey analytics index (migration 025): each customer's steps ordered once, with their
/// neighbours, so a query groups and counts instead of sorting ten million events. Every path
/// query first calls <see cref="RefreshPathIndexAsync"/>, which re-orders only the customers that
/// ingestion marked since the last call, and builds in full the journeys not indexed yet. Answers
/// are therefore always those of the events stored; the cost of new data is paid once, by the
/// first query after it.
/// </summary>
public sealed partial class CairnStore
{
    /// <summary>The index's key for the event level (every event, whatever the journey).</summary>
    private const long EventLevelKey = 0;

    /// <summary>
    /// Ordering every step of a large workspace takes minutes on PostgreSQL (Npgsql's default 30 s
    /// command timeout cut the first build of 9.7 M events short); a build is background work.
    /// </summary>
    private const int BuildTimeoutSeconds = 1800;

    /// <summary>One refresh at a time in this process; PostgreSQL nodes also take an advisory lock.</summary>
    private readonly SemaphoreSlim _pathIndexGate = new(1, 1);

    /// <summary>
    /// Brings the workspace's index up to date: re-orders the marked customers in every built
    /// journey and drops journeys no longer current (one transaction), then builds each journey not
    /// built yet in a transaction of its own (ten million rows each; one transaction for all was
    /// twice as slow). The marks are taken (deleted) by the first statement, so the events they
    /// stand for are visible to the statements after it on both engines; marks written meanwhile
    /// wait for the next refresh, and a full build reads every event committed before it.
    /// </summary>
    public async Task<PathIndexRefresh> RefreshPathIndexAsync(long workspaceId)
    {
        await _pathIndexGate.WaitAsync();
        try
        {
            using var connection = Connect();
            if (!await PathIndexStaleAsync(connection, workspaceId))
            {
                return new PathIndexRefresh(0, 0);
            }

            Dialect.CreateStagingTable(connection, "stage_path_customers", "customer_id TEXT");
            var (dirty, toBuild) = await ReorderMarkedCustomersAsync(connection, workspaceId);
            foreach (var key in toBuild)
            {
                using var transaction = connection.BeginTransaction();
                await LockPathIndexAsync(connection, transaction, workspaceId);
                if (key == EventLevelKey)
                {
                    await AddPathNamesAsync(connection, transaction, workspaceId, onlyStaged: false);
                }

                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_steps WHERE workspace_id = @workspaceId AND journey_id = @key"), new { workspaceId, key }, transaction);
                await connection.ExecuteAsync(Dialect.Sql(PathStepsInsert(key, onlyStaged: false)), new { workspaceId, journeyId = key }, transaction, BuildTimeoutSeconds);
                await RefreshPathTimesAsync(connection, transaction, workspaceId, key, onlyStaged: false);
                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_index WHERE workspace_id = @workspaceId AND journey_id = @key"), new { workspaceId, key }, transaction);
                await connection.ExecuteAsync(Dialect.Sql("INSERT INTO path_index (workspace_id, journey_id, built_at) VALUES (@workspaceId, @key, @now)"), new { workspaceId, key, now = UtcNow }, transaction);
                transaction.Commit();
            }

            return new PathIndexRefresh(dirty, toBuild.Count);
        }
        finally
        {
            _pathIndexGate.Release();
        }
    }

    /// <summary>
    /// One read, no transaction: whether anything is marked, a current journey (or the event level)
    /// is not built, or a built one is no longer current. Every path query asks, so the usual answer
    /// ("nothing") must not cost a staging table and a write transaction.
    /// </summary>
    private async Task<bool> PathIndexStaleAsync(DbConnection connection, long workspaceId) =>
        await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
            SELECT CAST(
                (SELECT count(*) FROM (SELECT 1 AS x FROM path_dirty WHERE workspace_id = @workspaceId LIMIT 1) d)
              + (SELECT count(*) FROM journeys j WHERE j.workspace_id = @workspaceId AND j.state = 'current'
                   AND NOT EXISTS (SELECT 1 FROM path_index i WHERE i.workspace_id = @workspaceId AND i.journey_id = j.id))
              + (CASE WHEN EXISTS (SELECT 1 FROM path_index i WHERE i.workspace_id = @workspaceId AND i.journey_id = 0) THEN 0 ELSE 1 END)
              + (SELECT count(*) FROM path_index i WHERE i.workspace_id = @workspaceId AND i.journey_id <> 0
                   AND NOT EXISTS (SELECT 1 FROM journeys j WHERE j.workspace_id = @workspaceId AND j.id = i.journey_id AND j.state = 'current'))
              AS BIGINT)
            """), new { workspaceId }) > 0;

    /// <summary>Takes the marks, re-orders those customers in every built journey, drops journeys no longer current; returns the customers re-ordered and the journeys still to build.</summary>
    private async Task<(int Customers, List<long> ToBuild)> ReorderMarkedCustomersAsync(DbConnection connection, long workspaceId)
    {
        using var transaction = connection.BeginTransaction();
        await LockPathIndexAsync(connection, transaction, workspaceId);
        var parameters = new { workspaceId };
        var dirty = (await connection.QueryAsync<string>(Dialect.Sql("DELETE FROM path_dirty WHERE workspace_id = @workspaceId RETURNING customer_id"), parameters, transaction))
            .Distinct(StringComparer.Ordinal).ToList();
        var wanted = (await connection.QueryAsync<long>(Dialect.Sql("SELECT id FROM journeys WHERE workspace_id = @workspaceId AND state = 'current'"), parameters, transaction))
            .Append(EventLevelKey).ToHashSet();
        var built = (await connection.QueryAsync<long>(Dialect.Sql("SELECT journey_id FROM path_index WHERE workspace_id = @workspaceId"), parameters, transaction)).ToHashSet();
        var toBuild = wanted.Where(key => !built.Contains(key)).Order().ToList();
        var stale = built.Except(wanted).ToList();
        var reorder = dirty.Count == 0 ? [] : built.Intersect(wanted).ToList();
        if (reorder.Count == 0 && stale.Count == 0)
        {
            transaction.Commit(); // the marks are taken: every journey they touch is built afresh below
            return (0, toBuild);
        }

        if (reorder.Count > 0)
        {
            Dialect.ClearStaging(connection, transaction, "stage_path_customers");
            Dialect.BulkLoad(connection, "stage_path_customers", ["customer_id"], rows =>
            {
                foreach (var customer in dirty)
                {
                    rows.Text(customer).EndRow();
                }
            });
            if (reorder.Contains(EventLevelKey))
            {
                await AddPathNamesAsync(connection, transaction, workspaceId, onlyStaged: true);
            }
        }

        foreach (var key in reorder)
        {
            await connection.ExecuteAsync(Dialect.Sql($"DELETE FROM path_steps WHERE workspace_id = @workspaceId AND journey_id = @key AND customer_id IN (SELECT customer_id FROM {Dialect.Staging("stage_path_customers")})"),
                new { workspaceId, key }, transaction);
            await connection.ExecuteAsync(Dialect.Sql(PathStepsInsert(key, onlyStaged: true)), new { workspaceId, journeyId = key }, transaction, BuildTimeoutSeconds);
            await RefreshPathTimesAsync(connection, transaction, workspaceId, key, onlyStaged: true);
        }

        foreach (var key in stale)
        {
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_steps WHERE workspace_id = @workspaceId AND journey_id = @key"), new { workspaceId, key }, transaction);
            await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_index WHERE workspace_id = @workspaceId AND journey_id = @key"), new { workspaceId, key }, transaction);
            if (Dialect.Engine == StorageEngine.DuckDb)
            {
                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM path_times WHERE workspace_id = @workspaceId AND journey_id = @key"), new { workspaceId, key }, transaction);
            }
        }

        transaction.Commit();
        return (reorder.Count > 0 ? dirty.Count : 0, toBuild);
    }

    /// <summary>
    /// DuckDB: re-derives one key's per-customer step times (migration 029) from its ordered steps,
    /// for every customer or the staged ones: a map from each step (and, for a journey, each stage)
    /// to the customer's times there, which the funnel reads instead of gathering them per query.
    /// </summary>
    private async Task RefreshPathTimesAsync(DbConnection connection, DbTransaction transaction, long workspaceId, long key, bool onlyStaged)
    {
        if (Dialect.Engine != StorageEngine.DuckDb)
        {
            return;
        }

        var only = onlyStaged ? $" AND customer_id IN (SELECT customer_id FROM {Dialect.Staging("stage_path_customers")})" : "";
        await connection.ExecuteAsync(Dialect.Sql($"DELETE FROM path_times WHERE workspace_id = @workspaceId AND journey_id = @key{only}"), new { workspaceId, key }, transaction);
        string TimesBy(string column, string name) => $"""
            SELECT customer_id, map_from_entries(list(({column}, ts))) AS {name}
            FROM (SELECT customer_id, {column}, list(t) AS ts FROM st WHERE {column} IS NOT NULL GROUP BY customer_id, {column}) x
            GROUP BY customer_id
            """;
        var (stages, stageJoin) = key == EventLevelKey
            ? ("CAST(NULL AS MAP(BIGINT, BIGINT[]))", "")
            : ("g.stages", $"LEFT JOIN ({TimesBy("stage", "stages")}) g ON g.customer_id = s.customer_id");

        // The key's steps are read once (a materialised CTE) for both maps: the staged customers'
        // filter is a semi-join, which DuckDB answers by scanning all the key's steps.
        await connection.ExecuteAsync(Dialect.Sql($"""
            INSERT INTO path_times (workspace_id, journey_id, customer_id, steps, stages)
            WITH st AS MATERIALIZED (SELECT customer_id, step, stage, t FROM path_steps WHERE workspace_id = @workspaceId AND journey_id = @key{only})
            SELECT @workspaceId, @key, s.customer_id, s.steps, {stages}
            FROM ({TimesBy("step", "steps")}) s
            {stageJoin}
            """), new { workspaceId, key }, transaction, BuildTimeoutSeconds);
    }

    /// <summary>PostgreSQL nodes refresh one at a time per workspace (this process's gate covers DuckDB).</summary>
    private async Task LockPathIndexAsync(DbConnection connection, DbTransaction transaction, long workspaceId)
    {
        if (Dialect.Engine == StorageEngine.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = 0x70617468L ^ workspaceId }, transaction);
        }
    }

    /// <summary>Gives every event name not seen yet its number (the event level's step ids).</summary>
    private async Task AddPathNamesAsync(DbConnection connection, DbTransaction transaction, long workspaceId, bool onlyStaged)
    {
        var only = onlyStaged ? $" AND customer_id IN (SELECT customer_id FROM {Dialect.Staging("stage_path_customers")})" : "";
        await connection.ExecuteAsync(Dialect.Sql($"""
            INSERT INTO path_names (workspace_id, id, name)
            SELECT @workspaceId, (SELECT COALESCE(max(id), 0) FROM path_names WHERE workspace_id = @workspaceId) + ROW_NUMBER() OVER (ORDER BY n.name), n.name
            FROM (SELECT DISTINCT name FROM events WHERE workspace_id = @workspaceId{only}) n
            WHERE NOT EXISTS (SELECT 1 FROM path_names p WHERE p.workspace_id = @workspaceId AND p.name = n.name)
            """), new { workspaceId }, transaction);
    }

    /// <summary>
    /// Orders the steps of one index key (all customers, or the staged ones) with two window passes:
    /// neighbours by time, then running counts and first occurrences by position. The event level
    /// has no stages and skips their columns.
    /// </summary>
    private string PathStepsInsert(long key, bool onlyStaged)
    {
        var eventLevel = key == EventLevelKey;
        var (step, stage, join) = eventLevel
            ? ("n.id", "", "JOIN path_names n ON n.workspace_id = e.workspace_id AND n.name = e.name")
            : ("e.touchpoint_id", ", tp.stage_id AS stage", "JOIN touchpoints tp ON tp.id = e.touchpoint_id AND tp.journey_id = @journeyId");
        var only = onlyStaged ? $" AND e.customer_id IN (SELECT customer_id FROM {Dialect.Staging("stage_path_customers")})" : "";
        var stageNeighbours = eventLevel ? "" : ", stage, LAG(stage) OVER w AS prev_stage, LEAD(stage) OVER w AS next_stage";
        var stageColumns = eventLevel
            ? "CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS INTEGER)"
            : "stage, prev_stage, next_stage, CAST(sum(CASE WHEN prev_stage IS NULL OR prev_stage <> stage THEN 1 ELSE 0 END) OVER r AS INTEGER)";
        return $"""
            INSERT INTO path_steps (workspace_id, journey_id, customer_id, ts, t, pos, step, prev_step, next_step, prev_t, next_t, first_step, run_pos,
                                    stage, prev_stage, next_stage, stage_run_pos)
            SELECT @workspaceId, @journeyId, c, ts, t, CAST(pos AS INTEGER), step, prev_step, next_step, prev_t, next_t,
                   ROW_NUMBER() OVER (PARTITION BY c, step ORDER BY pos) = 1,
                   CAST(sum(CASE WHEN prev_step IS NULL OR prev_step <> step THEN 1 ELSE 0 END) OVER r AS INTEGER),
                   {stageColumns}
            FROM (
                SELECT c, ts, t, step, ROW_NUMBER() OVER w AS pos, LAG(step) OVER w AS prev_step, LEAD(step) OVER w AS next_step,
                       LAG(t) OVER w AS prev_t, LEAD(t) OVER w AS next_t{stageNeighbours}
                FROM (
                    SELECT e.customer_id AS c, e.ts, {Dialect.EpochMicros("e.ts")} AS t, {step} AS step{stage}
                    FROM events e {join}
                    WHERE e.workspace_id = @workspaceId{only}
                ) raw
                WINDOW w AS (PARTITION BY c ORDER BY ts)
            ) linked
            WINDOW r AS (PARTITION BY c ORDER BY pos ROWS UNBOUNDED PRECEDING)
            """;
    }

    /// <summary>
    /// Where a level's steps live in the index: its key and the columns of its step, neighbours,
    /// first time (none for stages: one more sort of every step at build time for a figure the
    /// stage view can count) and collapsed position.
    /// </summary>
    private sealed record PathColumns(long Key, string Step, string Previous, string Next, string? First, string RunPosition)
    {
        public static PathColumns For(PathLevel level, long? journeyId) => level switch
        {
            PathLevel.Event => new(EventLevelKey, "step", "prev_step", "next_step", "first_step", "run_pos"),
            // A journey level without a journey matches nothing (no journey has id -1).
            PathLevel.Touchpoint => new(journeyId ?? -1, "step", "prev_step", "next_step", "first_step", "run_pos"),
            _ => new(journeyId ?? -1, "stage", "prev_stage", "next_stage", null, "stage_run_pos"),
        };
    }

    /// <summary>The names of a level's step ids: event names, or the journey's touchpoints or stages.</summary>
    private async Task<Dictionary<long, string>> PathStepNamesAsync(DbConnection connection, long workspaceId, PathLevel level, long? journeyId)
    {
        var sql = level switch
        {
            PathLevel.Event => "SELECT id, name FROM path_names WHERE workspace_id = @workspaceId",
            PathLevel.Touchpoint => "SELECT id, name FROM touchpoints WHERE workspace_id = @workspaceId AND journey_id = @journeyId",
            _ => "SELECT id, name FROM stages WHERE workspace_id = @workspaceId AND journey_id = @journeyId",
        };
        return (await connection.QueryAsync<(long Id, string Name)>(Dialect.Sql(sql), new { workspaceId, journeyId = journeyId ?? -1 }))
            .ToDictionary(r => r.Id, r => r.Name);
    }

    /// <summary>Microseconds since 1970 of an instant, as the index stores times.</summary>
    private static long? Micros(DateTime? at) => at is { } t ? (t - DateTime.UnixEpoch).Ticks / 10 : null;
}
