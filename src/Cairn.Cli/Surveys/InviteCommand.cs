using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Core.Exports;
using Cairn.Storage;
using Cairn.Web.Surveys;
using CsvHelper;

namespace Cairn.Cli.Surveys;

/// <summary>
/// <c>cairn invite SURVEY --customers FILE</c>: records an invitation per customer and writes
/// each personal link as CSV (customer_id, invitation_id, link, expires_at, unsubscribe_link: for the
/// email's List-Unsubscribe header, RFC 8058) to standard output
/// or --out, ready for a mail merge. Cells are neutralised against spreadsheet formulas.
/// </summary>
public static class InviteCommand
{
    private static readonly string[] Headers = ["customer_id", "invitation_id", "link", "expires_at", "unsubscribe_link"];

    public static Command Create()
    {
        var survey = new Argument<long>("survey") { Description = "The survey's id (see GET /api/v1/surveys or the Surveys page)" };
        var customers = new Option<FileInfo>("--customers") { Description = "Customer ids, one per line (a header line 'customer_id' or 'id' is skipped)", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the links here instead of standard output" };
        var channel = new Option<string>("--channel") { Description = "How the links will be sent [default: email]", DefaultValueFactory = _ => "email" };
        var days = new Option<int>("--expires-days") { Description = "Days a link stays valid [default: 30]", DefaultValueFactory = _ => 30 };
        var force = new Option<bool>("--force") { Description = "Invite even customers the survey's contact rules say not to ask now" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Public address of this Cairn, used in the links [default: the running server's, else http://127.0.0.1:5080]" };
        var send = new Option<bool>("--send") { Description = "Also email each invitation (one link per score, one-click unsubscribe) through the outbox; a server with CAIRN_SMTP_HOST sends them. Customers without an email address are skipped" };
        var command = new Command("invite", "Create personal survey links for customers (one response per link, bound to the customer).")
        {
            survey, customers, output, channel, days, force, baseUrl, send, Settings.Db,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(customers)!;
            if (!file.Exists)
            {
                throw new UsageException($"{file.FullName} does not exist");
            }

            var expiry = parse.GetValue(days);
            if (expiry is < 1 or > 365)
            {
                throw new UsageException("--expires-days: from 1 to 365");
            }

            var ids = File.ReadLines(file.FullName).Select(l => l.Trim().Trim('"')).Where(l => l.Length > 0).ToList();
            if (ids.Count > 0 && ids[0] is "customer_id" or "customerId" or "id")
            {
                ids.RemoveAt(0);
            }

            if (ids.Count == 0 || ids.Count > CairnStore.MaxInvitationsPerRequest)
            {
                throw new UsageException($"{file.Name}: 1 to {CairnStore.MaxInvitationsPerRequest:N0} customer ids, got {ids.Count:N0}");
            }

            if (parse.GetValue(send) && parse.GetValue(channel) != "email")
            {
                throw new UsageException("--send mails email invitations only; leave --channel at email");
            }

            var (links, skipped) = await CreateAsync(Settings.Storage(parse), parse.GetValue(survey), ids, parse.GetValue(channel)!, expiry, parse.GetValue(force), parse.GetValue(baseUrl),
                parse.GetValue(send), cancellationToken);
            foreach (var reason in skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()))
            {
                Console.Error.WriteLine($"skipped {reason.Count():N0}: {reason.Key}, e.g. {reason.First().CustomerId}");
            }

            if (parse.GetValue(send))
            {
                Console.Error.WriteLine($"queued {links.Count:N0} invitation emails in the outbox; a server with CAIRN_SMTP_HOST sends them");
            }

            var target = parse.GetValue(output);
            await using var writer = target is null ? Console.Out : new StreamWriter(target.FullName);
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: target is null);
            foreach (var header in Headers)
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            foreach (var link in links)
            {
                csv.WriteField(SpreadsheetSafe.Cell(link.CustomerId));
                csv.WriteField(link.InvitationId);
                csv.WriteField(link.Url);
                csv.WriteField(link.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                csv.WriteField(link.Unsubscribe);
                await csv.NextRecordAsync();
            }

            if (target is not null)
            {
                Console.Error.WriteLine($"wrote {links.Count:N0} links to {target.FullName}");
            }

            return 0;
        });
        return command;
    }

    private sealed record Link(string CustomerId, string InvitationId, string Url, DateTime ExpiresAt, string Unsubscribe);

    private sealed record Skip(string CustomerId, string Reason);

    private static async Task<(List<Link> Links, List<Skip> Skipped)> CreateAsync(StorageLocation location, long survey, List<string> ids, string channel, int days, bool force, string? baseUrl,
        bool send, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
            using var answer = await http.PostAsJsonAsync($"api/v1/surveys/{survey}/invitations", new { customers = ids, channel, expiresInDays = days, force, send }, cancellationToken);
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new UsageException(body.TryGetProperty("detail", out var detail) ? detail.GetString()! : $"the server answered {(int)answer.StatusCode}");
            }

            return (body.GetProperty("invitations").EnumerateArray().Select(i => new Link(i.GetProperty("customerId").GetString()!, i.GetProperty("invitationId").GetString()!,
                    Rebase(i.GetProperty("link").GetString()!, baseUrl), i.GetProperty("expiresAt").GetDateTime(), Rebase(i.GetProperty("unsubscribe").GetString()!, baseUrl))).ToList(),
                body.GetProperty("skipped").EnumerateArray().Select(s => new Skip(s.GetProperty("customerId").GetString()!, s.GetProperty("reason").GetString()!)).ToList());
        }

        await using var store = CairnStore.Open(location);
        var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first.Id : throw new UsageException($"{location} has no workspace yet; run `cairn demo` or import data first");
        if (await store.SurveyAsync(workspace, survey) is null)
        {
            throw new UsageException($"there is no survey {survey}");
        }

        // --force overrides the contact rules, never a customer's consent.
        var skipped = new List<Skip>();
        var split = await store.SplitByEligibilityAsync(workspace, survey, ids, channel, force);
        ids = split.Eligible;
        skipped.AddRange(split.Skipped.Select(x => new Skip(x.CustomerId, x.Reason)));

        if (ids.Count == 0)
        {
            return ([], skipped);
        }

        var origin = (baseUrl ?? "http://127.0.0.1:5080").TrimEnd('/');
        var expires = store.Time.GetUtcNow().UtcDateTime.AddDays(days);
        IReadOnlyList<Invitation> invitations;
        IReadOnlyList<string> unknown;
        if (send)
        {
            var stored = (await store.SurveyAsync(workspace, survey))!;
            (invitations, unknown, var noEmail) = await store.InviteByEmailAsync(workspace, survey, ids, expires, i => InvitationMails.Render(stored, origin, i), canSend: true);
            skipped.AddRange(noEmail.Select(c => new Skip(c, "no email address")));
        }
        else
        {
            (invitations, unknown) = await store.InviteAsync(workspace, survey, ids, channel, expires);
        }

        if (unknown.Count > 0)
        {
            throw new UsageException($"{unknown.Count:N0} unknown customer(s), first '{unknown[0]}'; import them first. Nothing was recorded.");
        }

        return (invitations.Select(i => new Link(i.CustomerId, i.Id, $"{origin}/s/{survey}?t={i.Token}", i.ExpiresAt, $"{origin}/s/{survey}/unsubscribe?t={i.Token}")).ToList(), skipped);
    }

    private static string Rebase(string link, string? baseUrl) =>
        baseUrl is null ? link : baseUrl.TrimEnd('/') + new Uri(link).PathAndQuery;
}
