using System.Data.Common;
using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Storage.Metrics;
using Dapper;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// One transaction for a group of requests, as a short list of named steps: stage and upsert
/// customers → check the customers that events and feedback refer to, refusing each request that
/// names an unknown one (all-or-nothing per request; nothing of it is written) → stage the first
/// copy of each idempotency id → insert events and feedback → commit. Each request gets its own
/// outcome (accepted, duplicates, refused items).
/// </summary>
internal static class GroupWrite
{
    private static readonly string[] CustomerColumns = ["op", "workspace_id", "external_id", "name", "email", "segment", "persona", "plan", "region", "signup_at", "status", "churned_at", "churn_type", "monthly_revenue", "attributes"];
    private static readonly string[] ReferenceColumns = ["workspace_id", "customer_id", "create_missing"];
    internal static readonly string[] EventColumns = ["op", "idx", "workspace_id", "id", "customer_id", "name", "ts", "channel", "properties", "maybe_stored"];
    internal static readonly string[] FeedbackColumns = ["op", "idx", "workspace_id", "id", "source", "kind", "customer_id", "competitor", "rating", "rating_scale", "title", "text", "occurred_at", "channel", "properties", "maybe_stored", "language", "sentiment_score", "sentiment_label", "emotions", "sentiment_mixed", "response_id"];

    /// <summary>Most refused items reported per request; past that the client has a systematic bug.</summary>
    private const int MaxReportedErrors = 100;

    public static void CreateStaging(SqlDialect dialect, DbConnection connection)
    {
        dialect.CreateStagingTable(connection, "stage_customers",
            "op INTEGER, workspace_id BIGINT, external_id TEXT, name TEXT, email TEXT, segment TEXT, persona TEXT, plan TEXT, region TEXT, signup_at {{ts}}, status TEXT, churned_at {{ts}}, churn_type TEXT, monthly_revenue DOUBLE PRECISION, attributes TEXT");
        dialect.CreateStagingTable(connection, "stage_refs", "workspace_id BIGINT, customer_id TEXT, create_missing BOOLEAN");
        dialect.CreateStagingTable(connection, "stage_events",
            "op INTEGER, idx INTEGER, workspace_id BIGINT, id TEXT, customer_id TEXT, name TEXT, ts {{ts}}, channel TEXT, properties TEXT, maybe_stored BOOLEAN");
        dialect.CreateStagingTable(connection, "stage_feedback",
            "op INTEGER, idx INTEGER, workspace_id BIGINT, id TEXT, source TEXT, kind TEXT, customer_id TEXT, competitor TEXT, rating DOUBLE PRECISION, rating_scale DOUBLE PRECISION, title TEXT, text TEXT, occurred_at {{ts}}, channel TEXT, properties TEXT, maybe_stored BOOLEAN, language TEXT, sentiment_score DOUBLE PRECISION, sentiment_label TEXT, emotions TEXT, sentiment_mixed BOOLEAN, response_id TEXT");
    }

    /// <summary>
    /// Writes one group. <paramref name="state"/> is the single writer's memory of stored ids and
    /// customers (DuckDB); null where the database decides alone (PostgreSQL, several nodes).
    /// </summary>
    public static IngestOutcome[] Run(CairnStore store, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group, SingleWriterState? state)
    {
        var dialect = store.Dialect;
        var now = store.UtcNow;
        using var transaction = connection.BeginTransaction();
        dialect.ClearStaging(connection, transaction, "stage_customers", "stage_refs", "stage_events", "stage_feedback");

        // Steps with nothing to do are skipped: each statement costs a commit's worth of latency
        // to every request waiting in the group.
        var identified = StageCustomers(dialect, connection, group);
        if (identified.Count > 0)
        {
            UpsertCustomers(dialect, connection, transaction, now);
        }

        var (refused, referenced) = CheckReferences(dialect, connection, transaction, group, now, state?.KnownCustomers);
        var refusedOps = refused.Keys.ToHashSet();
        var events = GroupIds.Plan(group, EventIds, refusedOps, state?.Events);
        var feedback = GroupIds.Plan(group, FeedbackIds, refusedOps, state?.Feedback);
        if (events.Count > 0)
        {
            StageEvents(dialect, connection, group, events, onlyMaybeStored: dialect.SingleWriter);
            if (dialect.SingleWriter)
            {
                SingleWriterAppend.Events(dialect, connection, transaction, now, group, events);
                PathDirty.Mark(dialect, connection, group, events);
            }
            else
            {
                // The journey analytics index learns which customers changed in the same statement:
                // a second round trip per group cost a quarter of PostgreSQL's single-event rate.
                InsertUnlessStored(dialect, connection, transaction, now, group, events, InsertEventsSql, EventIds, PathDirty.MarkInserted);
            }
        }

        if (feedback.Count > 0)
        {
            StageFeedback(dialect, connection, group, feedback, onlyMaybeStored: dialect.SingleWriter);
            if (dialect.SingleWriter)
            {
                SingleWriterAppend.Feedback(dialect, connection, transaction, now, group, feedback);
            }
            else
            {
                InsertUnlessStored(dialect, connection, transaction, now, group, feedback, InsertFeedbackSql, FeedbackIds);
            }

            FeedbackThemeRows.Append(dialect, connection, group, feedback);
        }

        transaction.Commit();
        if (state is not null)
        {
            // Only now, after the commit: a customer in this set is certainly stored.
            state.KnownCustomers.UnionWith(identified);
            state.KnownCustomers.UnionWith(referenced);
        }

        return Outcomes(group, refused, events, feedback);
    }

    /// <summary>Stages the group's identified customers, merged per customer; returns who they are.</summary>
    private static List<(long, string)> StageCustomers(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group)
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
            return [];
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
        return [.. merged.Keys];
    }

    private static void UpsertCustomers(SqlDialect dialect, DbConnection connection, DbTransaction transaction, DateTime now)
    {
        // Update-then-insert rather than ON CONFLICT DO UPDATE: a trait that was not sent keeps its
        // stored value (COALESCE), and DuckDB's upsert refuses some of these updates.
        var attributes = dialect.JsonMerge("customers.attributes", "CAST(s.attributes AS {{json}})");

        // A customer whose segment, persona, plan or region changes moves their answers to the new
        // slice in the score rollup. Checked on the staged customers first: reading the answers
        // costs a scan, and most upserts (an identify with the same traits) change none of them.
        if (connection.ExecuteScalar<long>(dialect.Sql(ScoreRollup.AnyMoved("stage_customers")), transaction: transaction) > 0)
        {
            connection.Execute(dialect.Sql(ScoreRollup.Moved("stage_customers")), transaction: transaction);
        }

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

    /// <summary>
    /// Checks each distinct customer that events and feedback name, once per group rather than once
    /// per item. Segment-shaped requests create the customers they name; any other request that
    /// names an unknown customer is refused whole, with every offending item listed. Customers the
    /// single writer knows are stored are not looked up. Returns the refusals and the customers
    /// found (or created), for the single writer to remember after the commit.
    /// </summary>
    private static (Dictionary<int, List<ItemError>> Refused, List<(long, string)> Found) CheckReferences(
        SqlDialect dialect, DbConnection connection, DbTransaction transaction, IReadOnlyList<IngestWriter.PendingWrite> group, DateTime now, HashSet<(long, string)>? known)
    {
        var references = new Dictionary<(long, string), bool>();
        foreach (var pending in group)
        {
            var create = pending.Batch.CreateMissingCustomers;
            foreach (var e in pending.Batch.Events)
            {
                var key = (pending.WorkspaceId, e.CustomerId);
                references[key] = create || references.GetValueOrDefault(key);
            }

            foreach (var f in pending.Batch.Feedback)
            {
                if (f.CustomerId is not null)
                {
                    references.TryAdd((pending.WorkspaceId, f.CustomerId), false);
                }
            }
        }

        if (known is not null)
        {
            foreach (var customer in references.Keys.Where(known.Contains).ToList())
            {
                references.Remove(customer);
            }
        }

        if (references.Count == 0)
        {
            return ([], []);
        }

        dialect.BulkLoad(connection, "stage_refs", ReferenceColumns, rows =>
        {
            foreach (var ((workspaceId, customerId), create) in references)
            {
                rows.BigInt(workspaceId).Text(customerId).Flag(create).EndRow();
            }
        });
        if (references.ContainsValue(true))
        {
            connection.Execute(dialect.Sql("""
                INSERT INTO customers (workspace_id, external_id, status, created_at, updated_at)
                SELECT r.workspace_id, r.customer_id, 'active', @now, @now
                FROM stage_refs r
                WHERE r.create_missing
                  AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = r.workspace_id AND c.external_id = r.customer_id)
                """), new { now }, transaction);
        }

        var unknown = connection.Query<(long WorkspaceId, string CustomerId)>(dialect.Sql("""
            SELECT r.workspace_id, r.customer_id FROM stage_refs r
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = r.workspace_id AND c.external_id = r.customer_id)
            """), transaction: transaction).ToHashSet();
        var found = references.Keys.Where(r => !unknown.Contains(r)).ToList();
        return (unknown.Count == 0 ? [] : RefusedItems(group, unknown), found);
    }

    private static Dictionary<int, List<ItemError>> RefusedItems(IReadOnlyList<IngestWriter.PendingWrite> group, HashSet<(long, string)> unknown)
    {
        var refused = new Dictionary<int, List<ItemError>>();
        for (var op = 0; op < group.Count; op++)
        {
            var workspaceId = group[op].WorkspaceId;
            var errors = new List<ItemError>();
            var items = group[op].Batch.Events.Select(e => e.CustomerId).Concat(group[op].Batch.Feedback.Select(f => f.CustomerId));
            var idx = 0;
            foreach (var customerId in items)
            {
                if (customerId is not null && unknown.Contains((workspaceId, customerId)) && errors.Count < MaxReportedErrors)
                {
                    errors.Add(new ItemError(idx, "customerId", $"unknown customer '{customerId}': identify it first"));
                }

                idx++;
            }

            if (errors.Count > 0)
            {
                refused[op] = errors;
            }
        }

        return refused;
    }

    /// <summary>
    /// Stages the rows to store (PostgreSQL), or only those that may already be stored, for the
    /// single writer to look up (DuckDB).
    /// </summary>
    private static void StageEvents(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group, GroupIds ids, bool onlyMaybeStored)
    {
        if (onlyMaybeStored && !ids.AnyMaybeStored)
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
                    if (!ids.ToStore(op, idx) || (onlyMaybeStored && !ids.MaybeStored(op, idx)))
                    {
                        continue;
                    }

                    var e = events[idx];
                    rows.Whole(op).Whole(idx).BigInt(pending.WorkspaceId).Text(e.Id).Text(e.CustomerId).Text(e.Name)
                        .Instant(e.Timestamp).Text(e.Channel).Text(e.PropertiesJson).Flag(ids.MaybeStored(op, idx))
                        .EndRow();
                }
            }
        });
    }

    private static void StageFeedback(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group, GroupIds ids, bool onlyMaybeStored)
    {
        if (onlyMaybeStored && !ids.AnyMaybeStored)
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
                    if (!ids.ToStore(op, idx) || (onlyMaybeStored && !ids.MaybeStored(op, idx)))
                    {
                        continue;
                    }

                    var f = items[idx];
                    var text = pending.Analyses?.Items[idx];
                    rows.Whole(op).Whole(idx).BigInt(pending.WorkspaceId).Text(f.Id).Text(f.Source.ToKey()).Text(f.Kind.ToString().ToLowerInvariant())
                        .Text(f.CustomerId).Text(f.Competitor).Real(f.Rating).Real(f.RatingScale).Text(f.Title).Text(f.Text)
                        .Instant(f.OccurredAt).Text(f.Channel).Text(f.PropertiesJson).Flag(ids.MaybeStored(op, idx))
                        .Text(text?.Language).Real(text?.Sentiment?.Score).Text(text?.SentimentLabel).Text(FeedbackAnalyses.EmotionList(text)).Flag(text?.Sentiment?.Mixed ?? false).Text(f.ResponseId)
                        .EndRow();
                }
            }
        });
    }

    private const string InsertEventsSql = """
        INSERT INTO events (workspace_id, id, customer_id, name, ts, channel, touchpoint_id, properties, received_at)
        SELECT s.workspace_id, s.id, s.customer_id, s.name, s.ts, s.channel, r.touchpoint_id, CAST(s.properties AS {{json}}), @now
        FROM stage_events s
        LEFT JOIN (SELECT workspace_id, event_name, min(touchpoint_id) AS touchpoint_id FROM touchpoint_rules GROUP BY workspace_id, event_name) r
               ON r.workspace_id = s.workspace_id AND r.event_name = s.name
        """;

    private const string InsertFeedbackSql = """
        INSERT INTO feedback (workspace_id, id, source, kind, customer_id, competitor, rating, rating_scale, title, text, occurred_at, received_at, channel, properties,
                              language, sentiment_score, sentiment_label, emotions, sentiment_mixed, response_id)
        SELECT s.workspace_id, s.id, s.source, s.kind, s.customer_id, s.competitor, s.rating, s.rating_scale, s.title, s.text, s.occurred_at, @now, s.channel, CAST(s.properties AS {{json}}),
               s.language, s.sentiment_score, s.sentiment_label, s.emotions, s.sentiment_mixed, s.response_id
        FROM stage_feedback s
        """;

    /// <summary>
    /// Inserts the staged rows, leaving out those already stored, as the unique index decides
    /// (ON CONFLICT): right even with several nodes writing to one PostgreSQL.
    /// </summary>
    private static void InsertUnlessStored(SqlDialect dialect, DbConnection connection, DbTransaction transaction, DateTime now,
        IReadOnlyList<IngestWriter.PendingWrite> group, GroupIds ids, string insertSql, Func<IngestWriter.PendingWrite, IReadOnlyList<string>> idsOf, Func<string, string>? wrap = null)
    {
        var sql = insertSql + "\nON CONFLICT DO NOTHING RETURNING workspace_id, id";
        var inserted = connection.Query<(long WorkspaceId, string Id)>(dialect.Sql(wrap is null ? sql : wrap(sql)), new { now }, transaction).ToHashSet();
        for (var op = 0; op < group.Count; op++)
        {
            var itemIds = idsOf(group[op]);
            for (var idx = 0; idx < itemIds.Count; idx++)
            {
                if (ids.ToStore(op, idx) && !inserted.Contains((group[op].WorkspaceId, itemIds[idx])))
                {
                    ids.MarkAlreadyStored(op, idx);
                }
            }
        }
    }

    /// <summary>
    /// Credits each stored row to the first request (in queue order) that carried its id; every
    /// other copy of that id in the group, and every id already stored before, is a duplicate.
    /// </summary>
    private static IngestOutcome[] Outcomes(IReadOnlyList<IngestWriter.PendingWrite> group, Dictionary<int, List<ItemError>> refused, GroupIds events, GroupIds feedback)
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

            var accepted = batch.Customers.Count + events.Stored(op) + feedback.Stored(op);
            outcomes[op] = new IngestOutcome(accepted, batch.Count - accepted, []);
        }

        return outcomes;
    }

    private static string[] EventIds(IngestWriter.PendingWrite pending) => pending.Batch.Events.Select(e => e.Id).ToArray();

    private static string[] FeedbackIds(IngestWriter.PendingWrite pending) => pending.Batch.Feedback.Select(f => f.Id).ToArray();
}
