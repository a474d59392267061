using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cairn.Core.Outbound;
using Cairn.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Outbound;

/// <summary>
/// Sends due webhook deliveries: signed POSTs with a 10-second timeout and no redirects. A 2xx
/// answer delivers; anything else (an error status, a timeout, a refused or private address) is
/// logged on the delivery and retried on the schedule of <see cref="WebhookEvents"/>, until it is dead.
/// Sending runs beside the requests that produced the events and never delays them.
/// </summary>
public sealed partial class WebhookSender(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _public = Client(allowPrivate: false);
    private readonly HttpClient _private = Client(allowPrivate: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.WebhookInterval, time);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _public.Dispose();
        _private.Dispose();
        base.Dispose();
    }

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DueDelivery> due;
        while ((due = await store.ClaimDueDeliveriesAsync(time.GetUtcNow().UtcDateTime, 50)).Count > 0)
        {
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (delivery, token) =>
            {
                var (delivered, status, error, ms) = await DeliverAsync(delivery.AllowPrivate ? _private : _public, delivery, time.GetUtcNow(), token);
                var at = time.GetUtcNow().UtcDateTime;
                await store.RecordWebhookAttemptAsync(delivery.Id, delivered, status, error, ms, at, delivered ? null : WebhookEvents.NextAttempt(delivery.Attempts + 1, at));
            });
        }
    }

    /// <summary>One attempt: POST the signed payload; delivered on 2xx, else the status or the error in words.</summary>
    public static async Task<(bool Delivered, int? Status, string? Error, double Milliseconds)> DeliverAsync(HttpClient client, DueDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(delivery);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(delivery.Secret, now, delivery.Payload));
            request.Headers.Add("Cairn-Event", delivery.Event);
            request.Headers.Add("Cairn-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (true, status, null, clock.Elapsed.TotalMilliseconds) : (false, status, $"answered {status} {response.ReasonPhrase}", clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, null, $"no answer within {Timeout.TotalSeconds:0} s", clock.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            return (false, null, message.Length > 500 ? message[..500] : message, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// An HTTP client whose connections refuse private addresses unless allowed: the address check
    /// runs on what DNS answers at connect time, so a name that later resolves inward is still refused.
    /// </summary>
    public static HttpClient Client(bool allowPrivate) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => allowPrivate || !WebhookTarget.IsPrivate(a)).ToList();
            if (allowed.Count == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to private or loopback addresses, which this webhook may not call");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook sending failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
