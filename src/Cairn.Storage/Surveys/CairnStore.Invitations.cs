using System.Security.Cryptography;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

/// <summary>An invitation as sent: its personal link's token and whom it is for.</summary>
public sealed record Invitation(string Id, string CustomerId, string Token, DateTime ExpiresAt);

/// <summary>The invitation a valid token names: its survey, customer and whether it has been answered.</summary>
public sealed record InvitationRow(string Id, long SurveyId, string CustomerId, string Channel, DateTime? ExpiresAt, DateTime? RespondedAt);

public sealed partial class CairnStore
{
    public const int MaxInvitationsPerRequest = 10_000;

    /// <summary>The workspace's secret for signing survey links, created at first use (32 random bytes).</summary>
    public async Task<byte[]> LinkSecretAsync(long workspaceId)
    {
        var secret = await QuerySingleOrDefaultAsync<string?>("SELECT link_secret FROM workspaces WHERE id = @workspaceId", new { workspaceId });
        if (secret is null)
        {
            // Two first uses at once: the second UPDATE finds the column set and changes nothing.
            await ExecuteAsync("UPDATE workspaces SET link_secret = @secret WHERE id = @workspaceId AND link_secret IS NULL",
                new { workspaceId, secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
            secret = await QuerySingleOrDefaultAsync<string?>("SELECT link_secret FROM workspaces WHERE id = @workspaceId", new { workspaceId });
        }

        return Convert.FromBase64String(secret ?? throw new InvalidOperationException($"workspace {workspaceId} does not exist"));
    }

    /// <summary>
    /// Records one invitation per customer and returns each with its signed token. Customers that
    /// are not stored are refused: the list of unknown ids comes back and nothing is recorded.
    /// </summary>
    public async Task<(IReadOnlyList<Invitation> Invitations, IReadOnlyList<string> Unknown)> InviteAsync(long workspaceId, long surveyId, IReadOnlyList<string> customerIds, string channel, DateTime expiresAt)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var distinct = customerIds.Distinct(StringComparer.Ordinal).ToList();
        using var connection = Connect();
        Dialect.CreateStagingTable(connection, "stage_invitees", "customer_id TEXT");
        using var transaction = connection.BeginTransaction();
        Dialect.ClearStaging(connection, transaction, "stage_invitees");
        Dialect.BulkLoad(connection, "stage_invitees", ["customer_id"], rows =>
        {
            foreach (var id in distinct)
            {
                rows.Text(id).EndRow();
            }
        });
        var unknown = (await connection.QueryAsync<string>(Dialect.Sql("""
            SELECT s.customer_id FROM stage_invitees s
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = @workspaceId AND c.external_id = s.customer_id)
            ORDER BY s.customer_id
            """), new { workspaceId }, transaction)).ToList();
        if (unknown.Count > 0)
        {
            transaction.Rollback();
            return ([], unknown);
        }

        var key = await LinkSecretAsync(workspaceId);
        var now = UtcNow;
        var invitations = distinct.Select(c =>
        {
            var id = InvitationToken.NewInvitationId();
            return new Invitation(id, c, InvitationToken.Create(key, surveyId, id, expiresAt), expiresAt);
        }).ToList();
        Dialect.BulkAppend(connection, "invitations", ["workspace_id", "id", "survey_id", "customer_id", "channel", "sent_at", "opened_at", "responded_at", "expires_at"], rows =>
        {
            foreach (var i in invitations)
            {
                rows.BigInt(workspaceId).Text(i.Id).BigInt(surveyId).Text(i.CustomerId).Text(channel).Instant(now).Instant(null).Instant(null).Instant(i.ExpiresAt).EndRow();
            }
        });
        transaction.Commit();
        return (invitations, []);
    }

    public async Task<InvitationRow?> InvitationAsync(long workspaceId, string invitationId)
    {
        var row = await QuerySingleOrDefaultAsync<(string Id, long SurveyId, string CustomerId, string Channel, DateTime? ExpiresAt, DateTime? RespondedAt)?>(
            "SELECT id, survey_id, customer_id, channel, expires_at, responded_at FROM invitations WHERE workspace_id = @workspaceId AND id = @invitationId",
            new { workspaceId, invitationId });
        return row is { } r ? new InvitationRow(r.Id, r.SurveyId, r.CustomerId, r.Channel, r.ExpiresAt, r.RespondedAt) : null;
    }

    /// <summary>Notes when an invitation was opened (first time only) and when it was answered.</summary>
    public Task MarkInvitationAsync(long workspaceId, string invitationId, bool responded) =>
        ExecuteAsync(responded
                ? "UPDATE invitations SET responded_at = COALESCE(responded_at, @now), opened_at = COALESCE(opened_at, @now) WHERE workspace_id = @workspaceId AND id = @invitationId"
                : "UPDATE invitations SET opened_at = COALESCE(opened_at, @now) WHERE workspace_id = @workspaceId AND id = @invitationId",
            new { workspaceId, invitationId, now = UtcNow });
}
