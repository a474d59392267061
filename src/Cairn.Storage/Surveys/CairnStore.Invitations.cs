using System.Security.Cryptography;
using Cairn.Core.Surveys;
using Dapper;

namespace Cairn.Storage;

/// <summary>An invitation as sent: its personal link's token and whom it is for.</summary>
public sealed record Invitation(string Id, string CustomerId, string Token, DateTime ExpiresAt);

/// <summary>An invitation's email, rendered by the caller (it knows the server's address).</summary>
public sealed record InvitationMail(string Subject, string Body, string UnsubscribeUrl);

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
        var (invitations, unknown, _) = await InviteCoreAsync(workspaceId, surveyId, customerIds, channel, expiresAt, null, false);
        return (invitations, unknown);
    }

    /// <summary>
    /// Records invitations and queues each one's email in the outbox in the same transaction, so an
    /// invitation is never recorded without its mail nor mailed without being recorded. Customers
    /// without an email address are not invited and come back in <c>NoEmail</c>. With
    /// <paramref name="canSend"/> false the mails are kept as "unsent" (SMTP not configured).
    /// </summary>
    public Task<(IReadOnlyList<Invitation> Invitations, IReadOnlyList<string> Unknown, IReadOnlyList<string> NoEmail)> InviteByEmailAsync(
        long workspaceId, long surveyId, IReadOnlyList<string> customerIds, DateTime expiresAt, Func<Invitation, InvitationMail> render, bool canSend)
    {
        ArgumentNullException.ThrowIfNull(render);
        return InviteCoreAsync(workspaceId, surveyId, customerIds, "email", expiresAt, render, canSend);
    }

    private async Task<(IReadOnlyList<Invitation> Invitations, IReadOnlyList<string> Unknown, IReadOnlyList<string> NoEmail)> InviteCoreAsync(
        long workspaceId, long surveyId, IReadOnlyList<string> customerIds, string channel, DateTime expiresAt, Func<Invitation, InvitationMail>? render, bool canSend)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var distinct = customerIds.Distinct(StringComparer.Ordinal).ToList();
        using var connection = Connect();
        Dialect.CreateStagingTable(connection, "stage_invitees", "customer_id TEXT");
        if (render is not null)
        {
            Dialect.CreateStagingTable(connection, "stage_invitation_mail", "customer_id TEXT, recipient TEXT, subject TEXT, body TEXT, unsubscribe_url TEXT");
        }

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
            return ([], unknown, []);
        }

        var emails = new Dictionary<string, string>(StringComparer.Ordinal);
        var noEmail = new List<string>();
        if (render is not null)
        {
            foreach (var (customer, email) in await connection.QueryAsync<(string Customer, string? Email)>(Dialect.Sql("""
                SELECT s.customer_id, c.email FROM stage_invitees s JOIN customers c ON c.workspace_id = @workspaceId AND c.external_id = s.customer_id
                """), new { workspaceId }, transaction))
            {
                if (string.IsNullOrWhiteSpace(email))
                {
                    noEmail.Add(customer);
                }
                else
                {
                    emails[customer] = email;
                }
            }

            distinct = [.. distinct.Where(emails.ContainsKey)];
            noEmail.Sort(StringComparer.Ordinal);
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
        if (render is not null && invitations.Count > 0)
        {
            Dialect.ClearStaging(connection, transaction, "stage_invitation_mail");
            Dialect.BulkLoad(connection, "stage_invitation_mail", ["customer_id", "recipient", "subject", "body", "unsubscribe_url"], rows =>
            {
                foreach (var i in invitations)
                {
                    var mail = render(i);
                    rows.Text(i.CustomerId).Text(emails[i.CustomerId]).Text(mail.Subject).Text(mail.Body).Text(mail.UnsubscribeUrl).EndRow();
                }
            });
            await connection.ExecuteAsync(Dialect.Sql($"""
                INSERT INTO outbox (workspace_id, kind, customer_id, recipient, subject, body, status, attempts, error, created_at, unsubscribe_url)
                SELECT @workspaceId, 'invitation', customer_id, recipient, subject, body, @status, 0, @error, @now, unsubscribe_url FROM {Dialect.Staging("stage_invitation_mail")}
                """), new { workspaceId, now, status = canSend ? "queued" : "unsent", error = canSend ? null : "SMTP is not configured (CAIRN_SMTP_HOST)" }, transaction);
        }

        transaction.Commit();
        return (invitations, [], noEmail);
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
