using System.CommandLine;
using System.Globalization;
using Cairn.Cli.Serve;
using Cairn.Core.Customers;
using Cairn.Web.Customers;
using Spectre.Console;

namespace Cairn.Cli.Customers;

/// <summary>
/// <c>cairn customer at-risk [--moment M] [--top N] [--recompute]</c>: the customers most at risk
/// with what cost them the points, after the backtest line that says how far to trust the score.
/// </summary>
public static class AtRiskCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var moment = new Option<string?>("--moment") { Description = "Only customers at this moment: after_failed_contact, before_renewal or early_onboarding" };
        var top = new Option<int>("--top") { Description = "How many customers to list (1-500)", DefaultValueFactory = _ => 20 };
        var recompute = new Option<bool>("--recompute") { Description = "Recompute every customer's health first (the server also does every few hours)" };
        var command = new Command("at-risk", "List the customers most at risk, with the points each input cost them, and how well the score predicted past churn.")
        {
            moment, top, recompute, Settings.Db,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(top);
            if (count is < 1 or > 500)
            {
                throw new UsageException("--top must be between 1 and 500");
            }

            var only = parse.GetValue(moment);
            if (only is not null && HealthModel.ParseMoment(only) is null)
            {
                throw new UsageException($"--moment must be one of {string.Join(", ", Enum.GetValues<RiskMoment>().Select(m => m.Name()))}");
            }

            var source = new ServerOrStore(Settings.Storage(parse));
            if (parse.GetValue(recompute))
            {
                var run = await source.PostAsync("health/recompute", "{}", async (store, ws) =>
                    System.Text.Json.JsonSerializer.SerializeToElement(await store.RecomputeHealthAsync(ws, await store.HealthClockAsync(ws, DateTime.UtcNow)), Web),
                    cancellationToken);
                Console.Out.WriteLine($"recomputed the health of {run.GetProperty("customers").GetInt64().ToString("N0", Inv)} customers as of {run.GetProperty("asOf").GetDateTime():yyyy-MM-dd HH:mm} UTC");
            }

            var check = await source.GetAsync("health/validation", async (store, ws) =>
            {
                var now = await store.HealthClockAsync(ws, DateTime.UtcNow);
                return await store.ValidateHealthAsync(ws, now.AddDays(-90), 90);
            }, cancellationToken);
            Console.Out.WriteLine(check.Verdict);
            if (check.Auc is { } auc)
            {
                Console.Out.WriteLine(string.Create(Inv,
                    $"backtest from {check.CutOff:yyyy-MM-dd}, {check.Customers:N0} customers: AUC {auc:0.000} (95% {check.AucLow:0.000}-{check.AucHigh:0.000}); at-risk list churned {check.AtRiskList.Rate:0.0}% in {check.HorizonDays} days vs {check.All.Rate:0.0}% overall (lift {check.Lift:0.00}x)"));
            }

            var query = $"health/at-risk?limit={count.ToString(Inv)}" + (only is null ? "" : "&moment=" + Uri.EscapeDataString(only));
            var page = await source.GetAsync(query, async (store, ws) =>
                (await HealthEndpoints.AtRiskAsync(store, ws, only, count.ToString(Inv), null)).Page!, cancellationToken);
            if (page.Customers.Count == 0)
            {
                Console.Out.WriteLine("nobody is on the at-risk list (has health been computed? try --recompute)");
                return 0;
            }

            var table = new Table().AddColumn("customer").AddColumn(new TableColumn("health").RightAligned()).AddColumn("moment").AddColumn("what cost the points")
                .AddColumn(new TableColumn("monthly revenue").RightAligned()).AddColumn("outreach case");
            foreach (var c in page.Customers)
            {
                var why = string.Join("; ", c.Contributions.Where(x => x.Points < 0).OrderBy(x => x.Points).Take(3).Select(x => $"{x.Input} {x.Value} ({x.Points.ToString("0.#", Inv)})"));
                table.AddRow(Markup.Escape(c.CustomerId), c.Score.ToString("0", Inv), Markup.Escape(c.Moment?.Replace('_', ' ') ?? "-"), Markup.Escape(why),
                    c.MonthlyRevenue?.ToString("N2", Inv) ?? "", c.OpenOutreachCase?.ToString(Inv) ?? "");
            }

            AnsiConsole.Write(table);
            Console.Out.WriteLine($"{page.Total.ToString("N0", Inv)} customers on the list; {page.Customers.Count} shown");
            return 0;
        });
        return command;
    }
}
