using System.CommandLine;
using System.Diagnostics;
using Cairn.Cli.Serve;
using Cairn.Core.Workspaces;
using Cairn.Storage;

namespace Cairn.Cli.Demo;

public static class DemoCommand
{
    /// <summary>The demo's sign-in password unless CAIRN_ADMIN_PASSWORD says otherwise (the server listens on loopback by default).</summary>
    public const string DemoPassword = "cairn-demo";

    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers to generate (events scale with them)", DefaultValueFactory = _ => 70_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same data", DefaultValueFactory = _ => 42 };
        var noServe = new Option<bool>("--no-serve") { Description = "Generate only; do not start the server" };
        var command = new Command("demo", "Generate the demo workspace (a telecom operator) if the database has none, then serve it.")
        {
            customers, seed, noServe, Settings.Db, Settings.Urls,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(customers);
            if (count is < 100 or > 5_000_000)
            {
                throw new UsageException("--customers must be between 100 and 5,000,000");
            }

            var options = Settings.Web(parse, Console.Out, Industry.Telecommunications, DemoPassword);
            await GenerateIfAbsentAsync(options.Storage, count, parse.GetValue(seed), cancellationToken);
            if (parse.GetValue(noServe))
            {
                return 0;
            }

            Console.WriteLine($"Sign in as {options.AdminEmail} with password {(options.AdminPassword == DemoPassword ? DemoPassword : "from CAIRN_ADMIN_PASSWORD")} (for a new database).");
            return await ServeCommand.RunAsync(options, cancellationToken);
        });
        return command;
    }

    public static async Task GenerateIfAbsentAsync(StorageLocation location, int customers, int seed, CancellationToken cancellationToken)
    {
        await using var store = CairnStore.Open(location);
        var existing = await store.ListWorkspacesAsync();
        if (existing.Count > 0 && (await store.GetStatsAsync(existing[0].Id)).Customers > 0)
        {
            Console.WriteLine($"{location} already holds a workspace; using it.");
            return;
        }

        Console.WriteLine($"Generating the demo workspace '{DemoWorkspace.Name}' into {location} ...");
        var report = await DemoWorkspace.GenerateAsync(store, customers, seed, step => Console.WriteLine($"  {step}"), cancellationToken);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
        Console.WriteLine(
            $"Generated {report.Customers:N0} customers ({report.Churned:N0} churned, {report.Involuntary:N0} involuntarily), {report.Events:N0} events, " +
            $"{report.Feedback:N0} feedback items, {report.Responses:N0} survey responses, {report.Cases:N0} cases, {report.Records:N0} CRM records " +
            $"in {report.Elapsed.TotalSeconds:N1} s (peak memory {peak:N0} MB).");
        var check = report.HealthCheck;
        Console.WriteLine(
            $"Customer health: {report.Health.AtRisk:N0} at risk and {report.Health.OnWatchAtAMoment:N0} on watch at a high-risk moment of {report.Health.Customers:N0} active customers. " +
            $"Checked against churn that happened: scored as of {check.CutOff:yyyy-MM-dd}, AUC {check.Auc:0.000} (95% {check.AucLow:0.000}-{check.AucHigh:0.000}), " +
            $"voluntary churn {check.VoluntaryAuc:0.000}; the at-risk list churned {check.AtRiskList.Rate:0.0}% in {check.HorizonDays} days against {check.All.Rate:0.0}% overall " +
            $"(lift {check.Lift:0.00}x), the lowest-scored tenth {check.LowestDecile.Rate:0.0}% (lift {check.DecileLift:0.00}x).");
    }
}
