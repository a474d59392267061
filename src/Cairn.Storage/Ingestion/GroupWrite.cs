using System.Data.Common;
using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Dapper;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// One transaction for a group of requests, as a short list of named steps:
/// stage → upsert customers → refuse requests that name unknown customers → insert events and
/// feedback once per idempotency id → commit. Each request gets its own outcome (accepted,
/// duplicates, refused items). A request with an unknown customer is refused whole
/// (all-or-nothing per request), and nothing of it is written.
/// </summary>
internal static class GroupWrite
{
    private static readonly string[] CustomerColumns = ["op", "workspace_id", "external_id", "name", "email", "segment", "persona", "plan", "region", "signup_at", "status", "churned_at", "churn_type", "monthly_revenue", "attributes"];
    private static readonly string[] EventColumns = ["op", "idx", "workspace_id", "id", "customer_id", "name", "ts", "channel", "properties", "create_missing"];
    private static readonly string[] FeedbackColumns = ["op", "idx", "workspace_id", "id", "source", "kind", "customer_id", "competitor", "rating", "rating_scale", "title", "text", "occurred_at", "channel", "properties"];

    /// <summary>Most refused items reported per request; past that the client has a systematic bug.</summary>
    private const int MaxReportedErrors = 100;

    public static void CreateStaging(SqlDialect dialect, DbConnection connection)
    {
        dialect.CreateStagingTable(connection, "stage_customers",
            "op INTEGER, workspace_id BIGINT, external_id TEXT, name TEXT, email TEXT, segment TEXT, persona TEXT, plan TEXT, region TEXT, signup_at {{ts}}, status TEXT, churned_at {{ts}}, churn_type TEXT, monthly_revenue DOUBLE PRECISION, attributes TEXT");
        dialect.CreateStagingTable(connection, "stage_events",
            "op INTEGER, idx INTEGER, workspace_id BIGINT, id TEXT, customer_id TEXT, name TEXT, ts {{ts}}, channel TEXT, properties TEXT, create_missing BOOLEAN");
        dialect.CreateStagingTable(connection, "stage_feedback",
            "op INTEGER, idx INTEGER, workspace_id BIGINT, id TEXT, source TEXT, kind TEXT, customer_id TEXT, competitor TEXT, rating DOUBLE PRECISION, rating_scale DOUBLE PRECISION, title TEXT, text TEXT, occurred_at {{ts}}, channel TEXT, properties TEXT");
    }

    public static IngestOutcome[] Run(CairnStore store, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group)
    {
        var dialect = store.Dialect;
        var now = store.UtcNow;
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, dialect.Sql("DELETE FROM stage_customers; DELETE FROM stage_events; DELETE FROM stage_feedback"));

        StageCustomers(dialect, connection, group);
        StageEvents(dialect, connection, group);
        StageFeedback(dialect, connection, group);

        // Steps with nothing to do are skipped: each statement costs a commit's worth of latency
        // to every request waiting in the group.
        var hasEvents = group.Any(p => p.Batch.Events.Count > 0);
        var hasFeedback = group.Any(p => p.Batch.Feedback.Count > 0);
        UpsertCustomers(dialect, connection, transaction, now,
            hasCustomers: group.Any(p => p.Batch.Customers.Count > 0),
            createMissing: group.Any(p => p.Batch.CreateMissingCustomers && p.Batch.Events.Count > 0));
        var refused = hasEvents || hasFeedback ? FindUnknownCustomers(dialect, connection, transaction, group.Count) : [];
        if (refused.Count > 0)
        {
            var ops = string.Join(", ", refused.Keys);
            Execute(connection, transaction, dialect.Sql($"DELETE FROM stage_events WHERE op IN ({ops}); DELETE FROM stage_feedback WHERE op IN ({ops})"));
        }

        var insertedEvents = hasEvents ? InsertOnce(connection, transaction, dialect.Sql(InsertEventsSql), now) : [];
        var insertedFeedback = hasFeedback ? InsertOnce(connection, transaction, dialect.Sql(InsertFeedbackSql), now) : [];
        transaction.Commit();

        return Outcomes(group, refused, insertedEvents, insertedFeedback);
    }

    private static void StageCustomers(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group)
    {
        // Requests that only identify are never refused, so two identifies of one customer in a
        // group can be merged here (later traits win) without risk of dropping a refused request's data.
        var merged = new Dictionary<(long, string), (int Op, CustomerProfile Profile)>();
        for (var op = 0; op < group.Count; op++)
        {
            foreach (var profile in group[op].Batch.Customers)
            {
                var key = (group[op].WorkspaceId, profile.ExternalId);
                merged[key] = merged.TryGetValue(key, out var earlier) ? (op, CustomerMerge.Merge(earlier.Profile, profile)) : (op, profile);
            }
        }

        if (merged.Count == 0)
        {
            return;
        }

        dialect.BulkLoad(connection, "stage_customers", CustomerColumns, rows =>
        {
            foreach (var ((workspaceId, _), (op, p)) in merged)
            {
                rows.Whole(op).BigInt(workspaceId).Text(p.ExternalId).Text(p.Name).Text(p.Email).Text(p.Segment).Text(p.Persona)
                    .Text(p.Plan).Text(p.Region).Instant(p.SignupAt).Text(p.Status?.ToString().ToLowerInvariant())
                    .Instant(p.ChurnedAt).Text(p.ChurnType?.ToString().ToLowerInvariant()).Real(p.MonthlyRevenue).Text(p.AttributesJson)
                    .EndRow();
            }
        });
    }

    private static void StageEvents(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group)
    {
        if (!group.Any(p => p.Batch.Events.Count > 0))
        {
            return;
        }

        dialect.BulkLoad(connection, "stage_events", EventColumns, rows =>
        {
            for (var op = 0; op < group.Count; op++)
            {
                var pending = group[op];
                var events = pending.Batch.Events;
                for (var idx = 0; idx < events.Count; idx++)
                {
                    var e = events[idx];
                    rows.Whole(op).Whole(idx).BigInt(pending.WorkspaceId).Text(e.Id).Text(e.CustomerId).Text(e.Name)
                        .Instant(e.Timestamp).Text(e.Channel).Text(e.PropertiesJson).Flag(pending.Batch.CreateMissingCustomers)
                        .EndRow();
                }
            }
        });
    }

    private static void StageFeedback(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group)
    {
        if (!group.Any(p => p.Batch.Feedback.Count > 0))
        {
            return;
        }

        dialect.BulkLoad(connection, "stage_feedback", FeedbackColumns, rows =>
        {
            for (var op = 0; op < group.Count; op++)
            {
                var pending = group[op];
                var items = pending.Batch.Feedback;
                for (var idx = 0; idx < items.Count; idx++)
                {
                    var f = items[idx];
                    rows.Whole(op).Whole(idx).BigInt(pending.WorkspaceId).Text(f.Id).Text(f.Source.ToKey()).Text(f.Kind.ToString().ToLowerInvariant())
                        .Text(f.CustomerId).Text(f.Competitor).Real(f.Rating).Real(f.RatingScale).Text(f.Title).Text(f.Text)
                        .Instant(f.OccurredAt).Text(f.Channel).Text(f.PropertiesJson)
                        .EndRow();
                }
            }
        });
    }

    private static void UpsertCustomers(SqlDialect dialect, DbConnection connection, DbTransaction transaction, DateTime now, bool hasCustomers, bool createMissing)
    {
        if (!hasCustomers && !createMissing)
        {
            return;
        }

        // Update-then-insert rather than ON CONFLICT DO UPDATE: a trait that was not sent keeps its
        // stored value (COALESCE), and DuckDB's upsert refuses some of these updates.
        var attributes = dialect.JsonMerge("customers.attributes", "CAST(s.attributes AS {{json}})");
        if (hasCustomers)
        {
            UpdateAndInsertCustomers(dialect, connection, transaction, now, attributes);
        }

        if (!createMissing)
        {
            return;
        }

        connection.Execute(dialect.Sql("""
            INSERT INTO customers (workspace_id, external_id, status, created_at, updated_at)
            SELECT DISTINCT s.workspace_id, s.customer_id, 'active', @now, @now
            FROM stage_events s
            WHERE s.create_missing
              AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = s.workspace_id AND c.external_id = s.customer_id)
            """), new { now }, transaction);
    }

    private static void UpdateAndInsertCustomers(SqlDialect dialect, DbConnection connection, DbTransaction transaction, DateTime now, string attributes)
    {
        connection.Execute(dialect.Sql($"""
            UPDATE customers SET
                name = COALESCE(s.name, customers.name),
                email = COALESCE(s.email, customers.email),
                segment = COALESCE(s.segment, customers.segment),
                persona = COALESCE(s.persona, customers.persona),
                plan = COALESCE(s.plan, customers.plan),
                region = COALESCE(s.region, customers.region),
                signup_at = COALESCE(s.signup_at, customers.signup_at),
                status = COALESCE(s.status, customers.status),
                churned_at = COALESCE(s.churned_at, customers.churned_at),
                churn_type = COALESCE(s.churn_type, customers.churn_type),
                monthly_revenue = COALESCE(s.monthly_revenue, customers.monthly_revenue),
                attributes = {attributes},
                updated_at = @now
            FROM stage_customers s
            WHERE customers.workspace_id = s.workspace_id AND customers.external_id = s.external_id
            """), new { now }, transaction);
        connection.Execute(dialect.Sql("""
            INSERT INTO customers (workspace_id, external_id, name, email, segment, persona, plan, region, signup_at, status, churned_at, churn_type, monthly_revenue, attributes, created_at, updated_at)
            SELECT s.workspace_id, s.external_id, s.name, s.email, s.segment, s.persona, s.plan, s.region, s.signup_at, COALESCE(s.status, 'active'),
                   s.churned_at, s.churn_type, s.monthly_revenue, CAST(s.attributes AS {{json}}), @now, @now
            FROM stage_customers s
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = s.workspace_id AND c.external_id = s.external_id)
            """), new { now }, transaction);
    }

    private static Dictionary<int, List<ItemError>> FindUnknownCustomers(SqlDialect dialect, DbConnection connection, DbTransaction transaction, int groupSize)
    {
        var rows = connection.Query<(int Op, int Idx, string CustomerId)>(dialect.Sql("""
            SELECT s.op, s.idx, s.customer_id FROM stage_events s
            WHERE NOT s.create_missing
              AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = s.workspace_id AND c.external_id = s.customer_id)
            UNION ALL
            SELECT f.op, f.idx, f.customer_id FROM stage_feedback f
            WHERE f.customer_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = f.workspace_id AND c.external_id = f.customer_id)
            ORDER BY 1, 2
            """), transaction: transaction);
        var refused = new Dictionary<int, List<ItemError>>();
        foreach (var (op, idx, customerId) in rows)
        {
            if (op < 0 || op >= groupSize)
            {
                continue;
            }

            if (!refused.TryGetValue(op, out var errors))
            {
                refused[op] = errors = [];
            }

            if (errors.Count < MaxReportedErrors)
            {
                errors.Add(new ItemError(idx, "customerId", $"unknown customer '{customerId}': identify it first"));
            }
        }

        return refused;
    }

    private const string InsertEventsSql = """
        INSERT INTO events (workspace_id, id, customer_id, name, ts, channel, touchpoint_id, properties, received_at)
        SELECT s.workspace_id, s.id, s.customer_id, s.name, s.ts, s.channel, r.touchpoint_id, CAST(s.properties AS {{json}}), @now
        FROM (SELECT *, row_number() OVER (PARTITION BY workspace_id, id ORDER BY op, idx) AS rn FROM stage_events) s
        LEFT JOIN (SELECT workspace_id, event_name, min(touchpoint_id) AS touchpoint_id FROM touchpoint_rules GROUP BY workspace_id, event_name) r
               ON r.workspace_id = s.workspace_id AND r.event_name = s.name
        WHERE s.rn = 1
        ON CONFLICT DO NOTHING
        RETURNING workspace_id, id
        """;

    private const string InsertFeedbackSql = """
        INSERT INTO feedback (workspace_id, id, source, kind, customer_id, competitor, rating, rating_scale, title, text, occurred_at, received_at, channel, properties)
        SELECT s.workspace_id, s.id, s.source, s.kind, s.customer_id, s.competitor, s.rating, s.rating_scale, s.title, s.text, s.occurred_at, @now, s.channel, CAST(s.properties AS {{json}})
        FROM (SELECT *, row_number() OVER (PARTITION BY workspace_id, id ORDER BY op, idx) AS rn FROM stage_feedback) s
        WHERE s.rn = 1
        ON CONFLICT DO NOTHING
        RETURNING workspace_id, id
        """;

    private static HashSet<(long, string)> InsertOnce(DbConnection connection, DbTransaction transaction, string sql, DateTime now)
    {
        var inserted = new HashSet<(long, string)>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "now";
        parameter.Value = now;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            inserted.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return inserted;
    }

    /// <summary>
    /// Credits each stored row to the first request (in queue order) that carried its id; every
    /// other copy of that id in the group, and every id already stored before, is a duplicate.
    /// </summary>
    private static IngestOutcome[] Outcomes(
        IReadOnlyList<IngestWriter.PendingWrite> group,
        Dictionary<int, List<ItemError>> refused,
        HashSet<(long, string)> insertedEvents,
        HashSet<(long, string)> insertedFeedback)
    {
        var outcomes = new IngestOutcome[group.Count];
        for (var op = 0; op < group.Count; op++)
        {
            var batch = group[op].Batch;
            if (refused.TryGetValue(op, out var errors))
            {
                outcomes[op] = IngestOutcome.Refused(errors);
                continue;
            }

            var accepted = batch.Customers.Count;
            foreach (var e in batch.Events)
            {
                if (insertedEvents.Remove((group[op].WorkspaceId, e.Id)))
                {
                    accepted++;
                }
            }

            foreach (var f in batch.Feedback)
            {
                if (insertedFeedback.Remove((group[op].WorkspaceId, f.Id)))
                {
                    accepted++;
                }
            }

            outcomes[op] = new IngestOutcome(accepted, batch.Count - accepted, []);
        }

        return outcomes;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
