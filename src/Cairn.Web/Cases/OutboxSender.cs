using Cairn.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Cairn.Web.Cases;

/// <summary>
/// Sends queued messages (case follow-ups, email confirmations, "you said, we did") through the
/// configured SMTP server (MailKit). A failed attempt
/// stays queued and is retried after 1, 3, 7 and 15 minutes; after five attempts the message is
/// marked failed with the last error, which the case page shows. Sending never blocks a request:
/// the message was stored when the owner wrote it.
/// </summary>
public sealed partial class OutboxSender(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<OutboxSender> logger) : BackgroundService
{
    public const int MaxAttempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Smtp is not { } smtp)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.OutboxInterval, time);
        do
        {
            try
            {
                await SendDueAsync(smtp, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SendDueAsync(SmtpSettings smtp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var message in await store.QueuedMessagesAsync(100))
        {
            // Back off: attempt n + 1 waits until 2^n − 1 minutes after the message was written.
            if (message.CreatedAt.AddMinutes(Math.Pow(2, message.Attempts) - 1) > now)
            {
                continue;
            }

            try
            {
                await SendAsync(smtp, message, cancellationToken);
                await store.RecordDeliveryAsync(message.Id, true, null, false, time.GetUtcNow().UtcDateTime);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                await store.RecordDeliveryAsync(message.Id, false, error, message.Attempts + 1 >= MaxAttempts, time.GetUtcNow().UtcDateTime);
            }
        }
    }

    private static async Task SendAsync(SmtpSettings smtp, QueuedMessage row, CancellationToken cancellationToken)
    {
        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(row.Recipient ?? throw new InvalidOperationException("no recipient")));
        mail.Subject = row.Subject;
        mail.Body = new TextPart("plain") { Text = row.Body };
        if (row.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the address.
            mail.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (smtp.User is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sending follow-up messages failed; retrying at the next tick")]
    private partial void LogFailed(Exception exception);
}
