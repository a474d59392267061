using Cairn.Core.Customers;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>The survey's contact rules (recontact period, cap, show once, recurrence, start and stop).</summary>
    public async Task<ContactPolicy> ContactPolicyAsync(long workspaceId, long surveyId) =>
        ContactPolicy.FromJson(await QuerySingleOrDefaultAsync<string?>("SELECT CAST(throttling AS TEXT) FROM surveys WHERE workspace_id = @workspaceId AND id = @surveyId", new { workspaceId, surveyId }));

    public async Task<bool> SetContactPolicyAsync(long workspaceId, long surveyId, ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return await ExecuteAsync("UPDATE surveys SET throttling = CAST(@json AS {{json}}) WHERE workspace_id = @workspaceId AND id = @surveyId",
            new { workspaceId, surveyId, json = policy.ToJson() }) > 0;
    }

    /// <summary>
    /// Decides, on the server, whether each customer may be asked this survey now: their contacts
    /// across every survey and channel (invitations sent, and responses that came without one) are
    /// counted in SQL and weighed against the survey's <see cref="ContactPolicy"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Eligibility>> EligibilityAsync(long workspaceId, long surveyId, IReadOnlyList<string> customerIds, string? channel = null)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var policy = await ContactPolicyAsync(workspaceId, surveyId);
        var consentPolicy = await ConsentPolicyAsync(workspaceId);
        var now = UtcNow;
        using var connection = Connect();
        Dialect.CreateStagingTable(connection, "stage_contacts", "customer_id TEXT");
        using var transaction = connection.BeginTransaction();
        Dialect.ClearStaging(connection, transaction, "stage_contacts");
        Dialect.BulkLoad(connection, "stage_contacts", ["customer_id"], rows =>
        {
            foreach (var id in customerIds.Distinct(StringComparer.Ordinal))
            {
                rows.Text(id).EndRow();
            }
        });
        var rows = await connection.QueryAsync<(string Customer, DateTime? Last, long InPeriod, DateTime? LastHere, long Answered, string? Consent, DateTime? Confirmed)>(Dialect.Sql("""
            WITH contacts AS (
                SELECT customer_id, survey_id, sent_at AS at FROM invitations WHERE workspace_id = @workspaceId
                UNION ALL
                SELECT r.customer_id, r.survey_id, r.started_at FROM responses r
                WHERE r.workspace_id = @workspaceId AND r.customer_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.workspace_id = r.workspace_id AND i.id = r.id)
            )
            SELECT s.customer_id, max(c.at),
                   sum(CASE WHEN c.at >= @periodStart THEN 1 ELSE 0 END),
                   max(CASE WHEN c.survey_id = @surveyId THEN c.at END),
                   (SELECT count(*) FROM responses r WHERE r.workspace_id = @workspaceId AND r.customer_id = s.customer_id AND r.survey_id = @surveyId AND r.status = 'complete'),
                   max(k.surveys), max(k.email_confirmed_at)
            FROM stage_contacts s LEFT JOIN contacts c ON c.customer_id = s.customer_id
            LEFT JOIN customer_consent k ON k.workspace_id = @workspaceId AND k.customer_id = s.customer_id
            GROUP BY s.customer_id
            """), new { workspaceId, surveyId, periodStart = now.AddDays(-policy.PeriodDays) }, transaction);
        transaction.Commit();
        // Consent comes first: a customer who withdrew is not asked, whatever the contact rules say.
        return rows.ToDictionary(r => r.Customer,
            r => new CustomerConsent(Parse(r.Consent), r.Confirmed, null, null, null).Refusal(consentPolicy, channel)
                 ?? policy.Decide(new ContactHistory(r.Last is { } l ? AsUtc(l) : null, (int)r.InPeriod, r.LastHere is { } h ? AsUtc(h) : null, r.Answered > 0), now),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Splits customers into those the survey may ask now on <paramref name="channel"/> and those its
    /// rules skip (with the reason), in input order. <paramref name="force"/> overrides the contact
    /// rules but never a customer's consent.
    /// </summary>
    public async Task<(List<string> Eligible, List<(string CustomerId, string Reason)> Skipped)> SplitByEligibilityAsync(long workspaceId, long surveyId, IReadOnlyList<string> customerIds,
        string? channel = null, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var decisions = await EligibilityAsync(workspaceId, surveyId, customerIds, channel);
        var eligible = new List<string>();
        var skipped = new List<(string, string)>();
        foreach (var id in customerIds.Distinct(StringComparer.Ordinal))
        {
            if (decisions.TryGetValue(id, out var d) && !d.Eligible && (!force || d.ByConsent))
            {
                skipped.Add((id, d.Reason));
            }
            else
            {
                eligible.Add(id);
            }
        }

        return (eligible, skipped);
    }
}
