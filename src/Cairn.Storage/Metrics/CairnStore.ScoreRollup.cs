using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Folds a workspace's pending score deltas into the rollup (027_score_rollup.sql) and drops keys
    /// whose count fell to zero; returns how many delta rows it folded. Queries are exact without
    /// this (they add the pending deltas), it keeps what they read small. Only deltas committed before
    /// the fold began are taken: PostgreSQL deletes and folds them in one statement, DuckDB in one
    /// transaction (one snapshot), so a delta written meanwhile waits for the next fold.
    /// </summary>
    public async Task<int> FoldScoreDeltasAsync(long workspaceId)
    {
        using var connection = Connect();
        var pending = await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM score_delta WHERE workspace_id = @workspaceId"), new { workspaceId });
        if (pending == 0)
        {
            return 0;
        }

        using var transaction = connection.BeginTransaction();
        int folded;
        if (Dialect.Engine == StorageEngine.Postgres)
        {
            folded = await connection.ExecuteScalarAsync<int>(Dialect.Sql($"""
                WITH d AS (DELETE FROM score_delta WHERE workspace_id = @workspaceId RETURNING *),
                     f AS ({RollupUpsert("d")})
                SELECT count(*) FROM d
                """), new { workspaceId }, transaction);
        }
        else
        {
            await connection.ExecuteAsync(Dialect.Sql(RollupUpsert("(SELECT * FROM score_delta WHERE workspace_id = @workspaceId) d")),
                new { workspaceId }, transaction);
            folded = await connection.ExecuteAsync(Dialect.Sql("DELETE FROM score_delta WHERE workspace_id = @workspaceId"), new { workspaceId }, transaction);
        }

        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM score_rollup WHERE workspace_id = @workspaceId AND n = 0"), new { workspaceId }, transaction);
        transaction.Commit();
        return folded;
    }

    private static string RollupUpsert(string deltas) => $"""
        INSERT INTO score_rollup ({ScoreRollup.Keys}, n)
        SELECT {ScoreRollup.Keys}, sum(n) FROM {deltas} GROUP BY {ScoreRollup.Keys}
        ON CONFLICT ({ScoreRollup.Keys}) DO UPDATE SET n = score_rollup.n + excluded.n
        """;
}
