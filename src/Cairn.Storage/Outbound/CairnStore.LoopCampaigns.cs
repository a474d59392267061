using System.Data.Common;
using Cairn.Core.Customers;
using Dapper;

namespace Cairn.Storage;

/// <summary>
/// Who raised an issue: customers whose feedback in [<see cref="Since"/>, <see cref="Until"/>)
/// carries one of <see cref="ThemeIds"/> (with negative sentiment on that theme when
/// <see cref="NegativeOnly"/>), and customers quoted in the insights. Empty theme and insight
/// lists are filled from the initiative: its theme links and the insights saved against it.
/// </summary>
public sealed record LoopAudienceQuery(long? InitiativeId, long? InsightId, IReadOnlyList<long> ThemeIds, DateTime Since, DateTime Until, bool NegativeOnly);

/// <summary>A customer who raised the issue and can be told: their name, address and their own latest words on it.</summary>
public sealed record LoopRecipient(string CustomerId, string? Name, string? Email, string? Quote);

/// <summary>
/// The audience of a loop-closing message: who can be told, and how many who raised the issue
/// cannot (no email address, consent withdrawn or not given as the workspace requires, or already
/// told about the same initiative, insight or themes).
/// </summary>
public sealed record LoopAudience(IReadOnlyList<long> ThemeIds, IReadOnlyList<long> InsightIds, IReadOnlyList<LoopRecipient> Reachable, long NoEmail, long NoConsent, long AlreadyTold)
{
    public long Raised => Reachable.Count + NoEmail + NoConsent + AlreadyTold;
}

/// <summary>One customer's message, as rendered by the caller with the customer's unsubscribe token.</summary>
public sealed record LoopMessage(string Subject, string Body, string UnsubscribeUrl);

/// <summary>A campaign as written, with how its messages stand now.</summary>
public sealed record LoopCampaignRow(long Id, long? InitiativeId, string? Initiative, long? InsightId, string? Insight, string? Theme, DateTime? Since, DateTime? Until,
    bool NegativeOnly, string Subject, string Body, long Audience, long SkippedNoEmail, long SkippedConsent, long SkippedAlreadyTold,
    long Queued, long Sent, long Failed, long Unsent, DateTime CreatedAt, string CreatedBy);

/// <summary>One message a campaign wrote, as it stands.</summary>
public sealed record LoopMessageRow(string CustomerId, string? Recipient, string Subject, string Body, string Status, string? Error, DateTime? SentAt, string? UnsubscribeUrl);

public sealed partial class CairnStore
{
    private static readonly string[] LoopStageColumns = ["customer_id", "link_id", "recipient", "subject", "body", "unsubscribe_url"];

    private readonly SemaphoreSlim _loopGate = new(1, 1);

    /// <summary>Who raised the issue and who of them can be told (nothing is written).</summary>
    public async Task<LoopAudience> LoopAudienceAsync(long workspaceId, LoopAudienceQuery query)
    {
        using var connection = Connect();
        return await AudienceAsync(connection, null, workspaceId, query);
    }

    /// <summary>
    /// Writes a campaign: the audience is found again under a per-workspace lock (so two campaigns
    /// written at once cannot both tell a customer), and the campaign, each customer's unsubscribe
    /// link and each message are committed in one transaction before the caller is answered.
    /// <paramref name="render"/> gets the recipient and their unsubscribe token. When nobody can be
    /// told, nothing is written and the id is 0. With
    /// <paramref name="canSend"/> false the messages are kept as "unsent" with the reason.
    /// </summary>
    public async Task<(long Id, LoopAudience Audience)> CreateLoopCampaignAsync(long workspaceId, LoopAudienceQuery query, string subject, string body,
        Func<LoopRecipient, string, LoopMessage> render, bool canSend, string actor)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(render);
        var key = await LinkSecretAsync(workspaceId);
        await _loopGate.WaitAsync();
        try
        {
            using var connection = Connect();
            Dialect.CreateStagingTable(connection, "stage_loop_messages", "customer_id TEXT, link_id TEXT, recipient TEXT, subject TEXT, body TEXT, unsubscribe_url TEXT");
            using var transaction = connection.BeginTransaction();
            if (Dialect.Engine == StorageEngine.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = 0x6C6F6F70L ^ workspaceId }, transaction);
            }

            var audience = await AudienceAsync(connection, transaction, workspaceId, query);
            if (audience.Reachable.Count == 0)
            {
                return (0, audience); // nobody to tell: nothing is written
            }

            var now = UtcNow;
            var themes = audience.ThemeIds.Count == 0 ? null : await ThemeKeyAsync(connection, transaction, workspaceId, audience.ThemeIds);
            var id = await connection.ExecuteScalarAsync<long>(Dialect.Sql("""
                INSERT INTO loop_campaigns (workspace_id, initiative_id, insight_id, theme, since, until, negative_only, subject, body, audience,
                                            skipped_no_email, skipped_consent, skipped_already_told, created_at, created_by)
                VALUES (@workspaceId, @initiativeId, @insightId, @themes, @since, @until, @negative, @subject, @body, @audience, @noEmail, @noConsent, @told, @now, @actor)
                RETURNING id
                """), new
            {
                workspaceId, initiativeId = query.InitiativeId, insightId = query.InsightId, themes, since = query.Since, until = query.Until, negative = query.NegativeOnly,
                subject, body, audience = audience.Raised, noEmail = audience.NoEmail, noConsent = audience.NoConsent, told = audience.AlreadyTold, now, actor,
            }, transaction);
            Dialect.ClearStaging(connection, transaction, "stage_loop_messages");
            Dialect.BulkLoad(connection, "stage_loop_messages", LoopStageColumns, rows =>
            {
                foreach (var recipient in audience.Reachable)
                {
                    var linkId = CustomerLinkToken.NewLinkId();
                    var message = render(recipient, CustomerLinkToken.Create(key, CustomerLinkToken.Unsubscribe, linkId));
                    rows.Text(recipient.CustomerId).Text(linkId).Text(recipient.Email).Text(message.Subject).Text(message.Body).Text(message.UnsubscribeUrl).EndRow();
                }
            });
            var stage = Dialect.Staging("stage_loop_messages");
            // An unsubscribe link must keep working as long as the mail may be read.
            await connection.ExecuteAsync(Dialect.Sql($"""
                INSERT INTO customer_links (id, workspace_id, customer_id, purpose, created_at, expires_at)
                SELECT link_id, @workspaceId, customer_id, @purpose, @now, @forever FROM {stage}
                """), new { workspaceId, purpose = CustomerLinkToken.Unsubscribe, now, forever = now.AddYears(10) }, transaction);
            await connection.ExecuteAsync(Dialect.Sql($"""
                INSERT INTO outbox (workspace_id, kind, customer_id, campaign_id, recipient, subject, body, status, attempts, error, created_at, unsubscribe_url)
                SELECT @workspaceId, 'loop', customer_id, @id, recipient, subject, body, @status, 0, @error, @now, unsubscribe_url FROM {stage}
                """), new { workspaceId, id, now, status = canSend ? "queued" : "unsent", error = canSend ? null : "SMTP is not configured (CAIRN_SMTP_HOST)" }, transaction);
            transaction.Commit();
            return (id, audience);
        }
        finally
        {
            _loopGate.Release();
        }
    }

    public async Task<IReadOnlyList<LoopCampaignRow>> LoopCampaignsAsync(long workspaceId, long? initiativeId = null)
    {
        var rows = await QueryAsync<LoopCampaignRow>("""
            SELECT l.id, l.initiative_id AS InitiativeId, n.title AS Initiative, l.insight_id AS InsightId, i.title AS Insight, l.theme, l.since, l.until,
                   l.negative_only AS NegativeOnly, l.subject, l.body, l.audience, l.skipped_no_email AS SkippedNoEmail, l.skipped_consent AS SkippedConsent,
                   l.skipped_already_told AS SkippedAlreadyTold,
                   CAST(COALESCE(o.queued, 0) AS BIGINT) AS Queued, CAST(COALESCE(o.sent, 0) AS BIGINT) AS Sent,
                   CAST(COALESCE(o.failed, 0) AS BIGINT) AS Failed, CAST(COALESCE(o.unsent, 0) AS BIGINT) AS Unsent,
                   l.created_at AS CreatedAt, l.created_by AS CreatedBy
            FROM loop_campaigns l
            LEFT JOIN initiatives n ON n.workspace_id = l.workspace_id AND n.id = l.initiative_id
            LEFT JOIN insights i ON i.workspace_id = l.workspace_id AND i.id = l.insight_id
            LEFT JOIN (SELECT campaign_id,
                              sum(CASE WHEN status = 'queued' THEN 1 ELSE 0 END) AS queued, sum(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS sent,
                              sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, sum(CASE WHEN status = 'unsent' THEN 1 ELSE 0 END) AS unsent
                       FROM outbox WHERE workspace_id = @workspaceId AND kind = 'loop' GROUP BY campaign_id) o ON o.campaign_id = l.id
            WHERE l.workspace_id = @workspaceId AND (CAST(@initiativeId AS BIGINT) IS NULL OR l.initiative_id = @initiativeId)
            ORDER BY l.created_at DESC, l.id DESC
            """, new { workspaceId, initiativeId });
        return [.. rows.Select(r => r with { CreatedAt = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), Since = AsUtc(r.Since), Until = AsUtc(r.Until) })];
    }

    /// <summary>The messages a campaign wrote, by customer: to send another way when SMTP is not configured, or to see what each customer was told.</summary>
    public Task<IReadOnlyList<LoopMessageRow>> LoopMessagesAsync(long workspaceId, long campaignId) =>
        QueryAsync<LoopMessageRow>("""
            SELECT customer_id AS CustomerId, recipient, subject, body, status, error, sent_at AS SentAt, unsubscribe_url AS UnsubscribeUrl
            FROM outbox WHERE workspace_id = @workspaceId AND kind = 'loop' AND campaign_id = @campaignId ORDER BY customer_id
            """, new { workspaceId, campaignId });

    private async Task<LoopAudience> AudienceAsync(DbConnection connection, DbTransaction? transaction, long workspaceId, LoopAudienceQuery query)
    {
        var themeIds = query.ThemeIds.Count > 0 || query.InitiativeId is null
            ? query.ThemeIds
            : [.. (await connection.QueryAsync<string>(Dialect.Sql("""
                SELECT ref FROM initiative_links WHERE workspace_id = @workspaceId AND initiative_id = @initiativeId AND kind = 'theme'
                """), new { workspaceId, initiativeId = query.InitiativeId }, transaction)).Select(r => long.TryParse(r, out var t) ? t : -1).Where(t => t > 0)];
        var insightIds = (await connection.QueryAsync<long>(Dialect.Sql("""
            SELECT id FROM insights WHERE workspace_id = @workspaceId AND (id = @insightId OR initiative_id = @initiativeId)
            """), new { workspaceId, insightId = query.InsightId ?? -1, initiativeId = query.InitiativeId ?? -1 }, transaction)).ToList();
        if (themeIds.Count == 0 && insightIds.Count == 0)
        {
            return new LoopAudience([], [], [], 0, 0, 0);
        }

        var parameters = new DynamicParameters(new { workspaceId, since = query.Since, until = query.Until, negative = query.NegativeOnly, initiativeId = query.InitiativeId, insightId = query.InsightId });
        string List(string prefix, IEnumerable<long> ids) => string.Join(", ", ids.Select((id, i) =>
        {
            parameters.Add($"{prefix}{i}", id);
            return $"@{prefix}{i}";
        }));
        var byTheme = themeIds.Count == 0 ? "FALSE" : $"""
            (f.occurred_at >= @since AND f.occurred_at < @until AND EXISTS (
                SELECT 1 FROM feedback_themes t WHERE t.workspace_id = f.workspace_id AND t.feedback_id = f.id AND t.theme_id IN ({List("t", themeIds)})
                  AND (NOT @negative OR COALESCE(t.sentiment, f.sentiment_score, 0) < 0)))
            """;
        var quoted = insightIds.Count == 0 ? "FALSE" : $"f.id IN (SELECT feedback_id FROM insight_verbatims WHERE workspace_id = @workspaceId AND insight_id IN ({List("i", insightIds)}))";
        // The same issue: told about this initiative, else this insight, else these themes.
        var sameIssue = query.InitiativeId is not null ? "lc.initiative_id = @initiativeId"
            : query.InsightId is not null ? "lc.initiative_id IS NULL AND lc.insight_id = @insightId"
            : "lc.initiative_id IS NULL AND lc.insight_id IS NULL AND lc.theme = @themeKey";
        parameters.Add("themeKey", themeIds.Count == 0 ? null : await ThemeKeyAsync(connection, transaction, workspaceId, themeIds));
        var rows = await connection.QueryAsync<(string CustomerId, string? Name, string? Email, string? Surveys, DateTime? Confirmed, string? Quote, bool Told)>(Dialect.Sql($"""
            WITH raised AS (
                SELECT COALESCE(f.customer_id, r.customer_id) AS customer_id, f.text, f.occurred_at
                FROM feedback f LEFT JOIN responses r ON r.workspace_id = f.workspace_id AND r.id = f.response_id
                WHERE f.workspace_id = @workspaceId AND f.competitor IS NULL AND ({byTheme} OR {quoted})
            ),
            latest AS (
                SELECT customer_id, text, row_number() OVER (PARTITION BY customer_id ORDER BY occurred_at DESC) AS k FROM raised WHERE customer_id IS NOT NULL
            )
            SELECT c.external_id, c.name, c.email, k.surveys, k.email_confirmed_at, l.text,
                   EXISTS (SELECT 1 FROM outbox o JOIN loop_campaigns lc ON lc.workspace_id = o.workspace_id AND lc.id = o.campaign_id
                           WHERE o.workspace_id = @workspaceId AND o.kind = 'loop' AND o.customer_id = c.external_id AND {sameIssue})
            FROM latest l
            JOIN customers c ON c.workspace_id = @workspaceId AND c.external_id = l.customer_id
            LEFT JOIN customer_consent k ON k.workspace_id = c.workspace_id AND k.customer_id = c.external_id
            WHERE l.k = 1
            ORDER BY c.external_id
            """), parameters, transaction);
        var policy = await ConsentPolicyAsync(workspaceId);
        var reachable = new List<LoopRecipient>();
        long noEmail = 0, noConsent = 0, told = 0;
        foreach (var row in rows)
        {
            var consent = new CustomerConsent(Parse(row.Surveys), row.Confirmed, null, null, null);
            if (row.Told)
            {
                told++;
            }
            else if (consent.Refusal(policy, "email") is not null)
            {
                noConsent++;
            }
            else if (string.IsNullOrWhiteSpace(row.Email))
            {
                noEmail++;
            }
            else
            {
                reachable.Add(new LoopRecipient(row.CustomerId, row.Name, row.Email, row.Quote));
            }
        }

        return new LoopAudience(themeIds, insightIds, reachable, noEmail, noConsent, told);
    }

    /// <summary>The themes' names, sorted and comma-joined: how a campaign records the themes it was about.</summary>
    private async Task<string> ThemeKeyAsync(DbConnection connection, DbTransaction? transaction, long workspaceId, IReadOnlyList<long> themeIds)
    {
        var parameters = new DynamicParameters(new { workspaceId });
        var names = string.Join(", ", themeIds.Select((id, i) =>
        {
            parameters.Add($"k{i}", id);
            return $"@k{i}";
        }));
        var found = await connection.QueryAsync<string>(Dialect.Sql($"SELECT name FROM themes WHERE workspace_id = @workspaceId AND id IN ({names})"), parameters, transaction);
        return string.Join(", ", found.Order(StringComparer.Ordinal));
    }
}
