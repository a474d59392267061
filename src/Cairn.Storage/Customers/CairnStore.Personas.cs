using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Dapper;

namespace Cairn.Storage;

/// <summary>A persona as defined: by an analyst (stored), or found in the customers' persona trait.</summary>
public sealed record PersonaDefinition(string Id, string Name, string? Description, PersonaRule Rule, bool Stored);

/// <summary>Everything the empathy map is drawn from, aggregated in SQL.</summary>
public sealed record PersonaEvidence(
    PersonaSize Size, NpsFigure Nps, NpsFigure OthersNps, IReadOnlyList<ThemeStat> Themes, IReadOnlyList<PersonaQuote> Quotes, IReadOnlyList<ThoughtStat> Thoughts,
    IReadOnlyList<BehaviourStat> Behaviour, IReadOnlyList<EmotionStat> Emotions, double? MeanSentiment, IReadOnlyList<LoyaltyProfile> Loyalty);

public sealed partial class CairnStore
{
    /// <summary>The workspace's personas: the stored ones, else one per value of the customers' persona trait.</summary>
    public async Task<IReadOnlyList<PersonaDefinition>> PersonasAsync(long workspaceId)
    {
        var stored = await QueryAsync<(string Id, string Name, string? Description, string? Rule)>(
            "SELECT id, name, description, CAST(rule AS TEXT) FROM personas WHERE workspace_id = @workspaceId ORDER BY name, id", new { workspaceId });
        var list = new List<PersonaDefinition>();
        foreach (var (id, name, description, rule) in stored)
        {
            var errors = new List<ItemError>();
            using var json = JsonDocument.Parse(rule ?? "{}");
            list.Add(new PersonaDefinition(id, name, description, PersonaRule.Read(json.RootElement, errors) ?? PersonaRule.OfTrait(id), true));
        }

        var traits = await QueryAsync<string>(
            "SELECT DISTINCT persona FROM customers WHERE workspace_id = @workspaceId AND persona IS NOT NULL ORDER BY persona LIMIT 100", new { workspaceId });
        var taken = list.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        list.AddRange(traits.Where(t => !taken.Contains(t)).Select(t => new PersonaDefinition(t, t, null, PersonaRule.OfTrait(t), false)));
        return list;
    }

    /// <summary>Defines (or redefines) a persona; the rule was validated by Core.</summary>
    public async Task SavePersonaAsync(long workspaceId, string id, string name, string? description, PersonaRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(Dialect.Sql("DELETE FROM personas WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }, transaction);
        await connection.ExecuteAsync(Dialect.Sql("INSERT INTO personas (workspace_id, id, name, description, rule) VALUES (@workspaceId, @id, @name, @description, CAST(@rule AS {{json}}))"),
            new { workspaceId, id, name, description, rule = rule.ToJson() }, transaction);
        transaction.Commit();
    }

    public async Task<bool> DeletePersonaAsync(long workspaceId, string id)
    {
        using var connection = Connect();
        return await connection.ExecuteAsync(Dialect.Sql("DELETE FROM personas WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id }) > 0;
    }

    /// <summary>A CTE naming the rule's customers (<c>members</c>: customer_id, status, churned_at, churn_type, monthly_revenue, signup_at).</summary>
    private static string Members(PersonaRule rule, DynamicParameters parameters)
    {
        var where = new List<string> { "c.workspace_id = @workspaceId" };
        void In(string column, IReadOnlyList<string> values, string prefix)
        {
            if (values.Count == 0)
            {
                return;
            }

            where.Add($"{column} IN ({SqlInList.Of(parameters, prefix, values)})");
        }

        In("c.persona", rule.Personas, "rp");
        In("c.segment", rule.Segments, "rs");
        In("c.plan", rule.Plans, "rl");
        In("c.region", rule.Regions, "rr");
        if (rule.Event is not null)
        {
            parameters.Add("ruleEvent", rule.Event);
            parameters.Add("ruleAtLeast", rule.AtLeast);
            where.Add("(SELECT count(*) FROM events e WHERE e.workspace_id = c.workspace_id AND e.customer_id = c.external_id AND e.name = @ruleEvent) >= @ruleAtLeast");
        }

        return $"""
            members AS (
                SELECT c.external_id AS customer_id, c.status, c.churned_at, c.churn_type, c.monthly_revenue, COALESCE(c.signup_at, c.created_at) AS signup_at
                FROM customers c WHERE {string.Join(" AND ", where)}
            )
            """;
    }

    /// <summary>A persona's size and NPS (last 365 days) against everyone else's: the list page's figures.</summary>
    public async Task<(PersonaSize Size, NpsFigure Nps, NpsFigure OthersNps)> PersonaSummaryAsync(long workspaceId, PersonaRule rule, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parameters = new DynamicParameters(new { workspaceId, now, since = now.AddDays(-365) });
        var members = Members(rule, parameters);
        using var connection = Connect();
        return await SummaryAsync(connection, members, parameters);
    }

    private async Task<(PersonaSize Size, NpsFigure Nps, NpsFigure OthersNps)> SummaryAsync(System.Data.Common.DbConnection connection, string members, DynamicParameters parameters)
    {
        var size = (await connection.QueryAsync<(long Customers, long Active, long Churned, long Voluntary, double? Revenue, long All)>(Dialect.Sql($"""
            WITH {members}
            SELECT count(*), CAST(COALESCE(sum(CASE WHEN m.churned_at IS NULL AND m.status <> 'churned' THEN 1 ELSE 0 END), 0) AS BIGINT),
                   CAST(COALESCE(sum(CASE WHEN m.churned_at IS NOT NULL OR m.status = 'churned' THEN 1 ELSE 0 END), 0) AS BIGINT),
                   CAST(COALESCE(sum(CASE WHEN m.churn_type = 'voluntary' THEN 1 ELSE 0 END), 0) AS BIGINT), avg(m.monthly_revenue),
                   (SELECT count(*) FROM customers WHERE workspace_id = @workspaceId)
            FROM members m
            """), parameters)).Single();
        var nps = (await connection.QueryAsync<(long Member, long N, double Total, double Squares, long Good, long Bad)>(Dialect.Sql($"""
            WITH {members}
            SELECT CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END, count(*), sum(a.value_number), sum(a.value_number * a.value_number),
                   CAST(sum(CASE WHEN a.value_number >= 9 THEN 1 ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN a.value_number <= 6 THEN 1 ELSE 0 END) AS BIGINT)
            FROM answers a LEFT JOIN members m ON m.customer_id = a.customer_id
            WHERE a.workspace_id = @workspaceId AND a.question_id = 'nps' AND a.value_number BETWEEN 0 AND 10 AND a.answered_at > @since AND a.customer_id IS NOT NULL
            GROUP BY 1
            """), parameters)).ToList();
        NpsFigure Nps(long member) => nps.FirstOrDefault(r => r.Member == member) is { N: > 0 } r
            ? NpsFigure.Of(new ScoreTally(r.N, r.Total, r.Squares, r.Good, r.Bad))
            : new NpsFigure(null, null, null, 0);
        return (new PersonaSize(size.Customers, size.Active, size.Churned, size.Voluntary, size.Revenue, size.All), Nps(1), Nps(0));
    }

    /// <summary>Gathers a persona's evidence: size, NPS against the rest, themes, quotes, thoughts, behaviour, emotions and loyalty profiles.</summary>
    public async Task<PersonaEvidence> PersonaEvidenceAsync(long workspaceId, PersonaRule rule, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parameters = new DynamicParameters(new { workspaceId, now, since = now.AddDays(-365), since90 = now.AddDays(-90) });
        var members = Members(rule, parameters);
        using var connection = Connect();
        async Task<List<T>> Query<T>(string sql) => [.. await connection.QueryAsync<T>(Dialect.Sql($"WITH {members}\n{sql}"), parameters, commandTimeout: 300)];

        var (size, nps, othersNps) = await SummaryAsync(connection, members, parameters);
        var items = (await Query<(long Member, long Items, double? Sentiment)>("""
            SELECT CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END, count(*), avg(f.sentiment_score)
            FROM feedback f LEFT JOIN members m ON m.customer_id = f.customer_id
            WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.customer_id IS NOT NULL
            GROUP BY 1
            """)).ToDictionary(r => r.Member);
        double ItemsOf(long member) => items.TryGetValue(member, out var r) ? r.Items : 0;

        var themes = (await Query<(string Theme, long Mentions, long Customers, long Others, double? Sentiment)>("""
            SELECT h.name, CAST(sum(CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END) AS BIGINT),
                   count(DISTINCT m.customer_id), CAST(sum(CASE WHEN m.customer_id IS NULL THEN 1 ELSE 0 END) AS BIGINT),
                   avg(CASE WHEN m.customer_id IS NULL THEN NULL ELSE ft.sentiment END)
            FROM feedback f
            JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
            JOIN themes h ON h.workspace_id = f.workspace_id AND h.id = ft.theme_id
            LEFT JOIN members m ON m.customer_id = f.customer_id
            WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.customer_id IS NOT NULL
            GROUP BY h.name
            """)).Where(t => t.Mentions > 0)
            .Select(t => new ThemeStat(t.Theme, t.Mentions, t.Customers, Percent(t.Mentions, ItemsOf(1)), Percent(t.Others, ItemsOf(0)), t.Sentiment))
            .OrderByDescending(t => t.Mentions).ToList();

        var quotes = (await Query<PersonaQuoteRow>("""
            SELECT h.name AS Theme, q.text AS Text, q.sentiment_score AS Sentiment, q.source AS Source, q.occurred_at AS At, q.id AS FeedbackId, q.customer_id AS CustomerId
            FROM (
                SELECT f.id, f.text, f.sentiment_score, f.source, f.occurred_at, f.customer_id, ft.theme_id,
                       row_number() OVER (PARTITION BY ft.theme_id, CASE WHEN f.sentiment_score < 0 THEN 0 ELSE 1 END
                                          ORDER BY abs(f.sentiment_score) DESC, f.occurred_at DESC, f.id) AS rn
                FROM feedback f
                JOIN members m ON m.customer_id = f.customer_id
                JOIN feedback_themes ft ON ft.workspace_id = f.workspace_id AND ft.feedback_id = f.id
                WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.sentiment_score IS NOT NULL AND length(f.text) BETWEEN 30 AND 280
            ) q
            JOIN themes h ON h.workspace_id = @workspaceId AND h.id = q.theme_id
            WHERE q.rn <= 3
            """)).Select(q => q.Quote).ToList();

        var thoughts = await Query<(string Band, string Theme, long Mentions, long Comments)>("""
            , commented AS (
                SELECT f.id, CASE WHEN a.value_number >= 9 THEN 'promoter' WHEN a.value_number <= 6 THEN 'detractor' ELSE 'passive' END AS band
                FROM feedback f
                JOIN members m ON m.customer_id = f.customer_id
                JOIN answers a ON a.workspace_id = f.workspace_id AND a.response_id = f.response_id AND a.question_id = 'nps'
                WHERE f.workspace_id = @workspaceId AND f.response_id IS NOT NULL
            )
            SELECT c.band, h.name, count(*), (SELECT count(*) FROM commented x WHERE x.band = c.band)
            FROM commented c
            JOIN feedback_themes ft ON ft.workspace_id = @workspaceId AND ft.feedback_id = c.id
            JOIN themes h ON h.workspace_id = @workspaceId AND h.id = ft.theme_id
            GROUP BY c.band, h.name
            """);

        var memberCount = size.Customers;
        var othersCount = size.AllCustomers - size.Customers;
        var behaviour = (await Query<(string Kind, string Name, long Member, long Others)>("""
            SELECT 'touchpoint', t.name, CAST(sum(CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END) AS BIGINT), CAST(sum(CASE WHEN m.customer_id IS NULL THEN 1 ELSE 0 END) AS BIGINT)
            FROM events e JOIN touchpoints t ON t.workspace_id = e.workspace_id AND t.id = e.touchpoint_id
            LEFT JOIN members m ON m.customer_id = e.customer_id
            WHERE e.workspace_id = @workspaceId
            GROUP BY t.name
            UNION ALL
            SELECT 'channel', e.channel, CAST(sum(CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END) AS BIGINT), CAST(sum(CASE WHEN m.customer_id IS NULL THEN 1 ELSE 0 END) AS BIGINT)
            FROM events e LEFT JOIN members m ON m.customer_id = e.customer_id
            WHERE e.workspace_id = @workspaceId AND e.channel IS NOT NULL
            GROUP BY e.channel
            """)).Select(b => new BehaviourStat(b.Name, b.Kind, Per(b.Member, memberCount), Per(b.Others, othersCount))).ToList();

        var emotionNames = Core.Text.Emotions.All.Select(e => e.Name).ToList();
        var emotionSql = string.Join(",\n", emotionNames.Select((e, i) =>
        {
            parameters.Add($"emotion{i}", $"%,{e},%");
            return $"CAST(sum(CASE WHEN (',' || f.emotions || ',') LIKE @emotion{i} THEN 1 ELSE 0 END) AS BIGINT) AS e{i}";
        }));
        using var emotionReader = await connection.ExecuteReaderAsync(Dialect.Sql($"""
            WITH {members}
            SELECT CASE WHEN m.customer_id IS NULL THEN 0 ELSE 1 END AS member, {emotionSql}
            FROM feedback f LEFT JOIN members m ON m.customer_id = f.customer_id
            WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND f.customer_id IS NOT NULL AND f.emotions IS NOT NULL
            GROUP BY 1
            """), parameters);
        var emotionCounts = new Dictionary<long, long[]>();
        while (await emotionReader.ReadAsync())
        {
            emotionCounts[Convert.ToInt64(emotionReader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] =
                [.. Enumerable.Range(0, emotionNames.Count).Select(i => Convert.ToInt64(emotionReader.GetValue(i + 1), System.Globalization.CultureInfo.InvariantCulture))];
        }

        emotionReader.Close();
        var emotions = emotionNames.Select((e, i) => new EmotionStat(e, emotionCounts.GetValueOrDefault(1)?[i] ?? 0,
            Percent(emotionCounts.GetValueOrDefault(1)?[i] ?? 0, ItemsOf(1)), Percent(emotionCounts.GetValueOrDefault(0)?[i] ?? 0, ItemsOf(0)))).ToList();

        var loyalty = await LoyaltyAsync(connection, members, parameters);
        return new PersonaEvidence(size, nps, othersNps, themes, quotes,
            [.. thoughts.Select(t => new ThoughtStat(t.Band, t.Theme, t.Mentions, t.Comments))], behaviour, emotions,
            items.TryGetValue(1, out var mine) ? mine.Sentiment : null, loyalty);
    }

    /// <summary>
    /// Loyal (latest NPS 9-10) against merely retained (latest 0-6) active customers of the persona:
    /// events per month of tenure, support contacts per customer, revenue, and the events each group does far more.
    /// </summary>
    private async Task<IReadOnlyList<LoyaltyProfile>> LoyaltyAsync(System.Data.Common.DbConnection connection, string members, DynamicParameters parameters)
    {
        var grouped = $"""
            WITH {members},
            latest AS (
                SELECT a.customer_id, a.value_number, row_number() OVER (PARTITION BY a.customer_id ORDER BY a.answered_at DESC, a.response_id) AS rn
                FROM answers a JOIN members m ON m.customer_id = a.customer_id
                WHERE a.workspace_id = @workspaceId AND a.question_id = 'nps' AND m.churned_at IS NULL AND m.status <> 'churned'
            ),
            grouped AS (
                SELECT l.customer_id, CASE WHEN l.value_number >= 9 THEN 'loyal' ELSE 'retained' END AS grp, m.monthly_revenue,
                       GREATEST(1.0, ({Dialect.Epoch("@now")} - {Dialect.Epoch("m.signup_at")}) / 2592000.0) AS months
                FROM latest l JOIN members m ON m.customer_id = l.customer_id
                WHERE l.rn = 1 AND (l.value_number >= 9 OR l.value_number <= 6)
            )
            """;
        var groups = (await connection.QueryAsync<(string Group, long Customers, double Months, double? Revenue, long Contacts)>(Dialect.Sql($"""
            {grouped}
            , contacts AS (
                SELECT f.customer_id, count(*) AS n FROM feedback f JOIN grouped g ON g.customer_id = f.customer_id
                WHERE f.workspace_id = @workspaceId AND f.source IN ('ticket', 'chat') GROUP BY f.customer_id
            )
            SELECT g.grp, count(*), sum(g.months), avg(g.monthly_revenue), CAST(COALESCE(sum(k.n), 0) AS BIGINT)
            FROM grouped g LEFT JOIN contacts k ON k.customer_id = g.customer_id GROUP BY g.grp
            """), parameters, commandTimeout: 300)).ToDictionary(g => g.Group);
        var events = (await connection.QueryAsync<(string Group, string Name, long Events)>(Dialect.Sql($"""
            {grouped}
            SELECT g.grp, e.name, count(*) FROM grouped g JOIN events e ON e.workspace_id = @workspaceId AND e.customer_id = g.customer_id
            GROUP BY g.grp, e.name
            """), parameters, commandTimeout: 300)).ToList();
        var profiles = new List<LoyaltyProfile>();
        foreach (var (name, other) in new[] { ("loyal", "retained"), ("retained", "loyal") })
        {
            if (!groups.TryGetValue(name, out var g))
            {
                continue;
            }

            var mine = events.Where(e => e.Group == name).ToDictionary(e => e.Name, e => Per(e.Events, g.Customers));
            var theirs = groups.TryGetValue(other, out var o) ? events.Where(e => e.Group == other).ToDictionary(e => e.Name, e => Per(e.Events, o.Customers)) : [];
            var distinctive = mine.Select(kv => new BehaviourStat(kv.Key, "event", kv.Value, theirs.GetValueOrDefault(kv.Key)))
                .Where(b => b.Index is null or >= 1.2).OrderByDescending(b => b.Index ?? double.MaxValue).ThenByDescending(b => b.PerCustomer).Take(3).ToList();
            profiles.Add(new LoyaltyProfile(name, g.Customers, g.Months > 0 ? events.Where(e => e.Group == name).Sum(e => e.Events) / g.Months : 0,
                Per(g.Contacts, g.Customers), g.Revenue, distinctive));
        }

        return profiles;
    }

    private static double Percent(double part, double whole) => whole > 0 ? 100.0 * part / whole : 0;

    private static double Per(long count, long customers) => customers > 0 ? (double)count / customers : 0;

    private sealed record PersonaQuoteRow(string Theme, string Text, double Sentiment, string Source, DateTime At, string FeedbackId, string CustomerId)
    {
        public PersonaQuote Quote => new(Theme, Text, Sentiment, Source, DateTime.SpecifyKind(At, DateTimeKind.Utc), FeedbackId, CustomerId);
    }
}
