using System.CommandLine;
using Cairn.Cli;
using Cairn.Cli.Customers;
using Cairn.Cli.Demo;
using Cairn.Cli.Import;
using Cairn.Cli.Journeys;
using Cairn.Cli.Reports;
using Cairn.Cli.Metrics;
using Cairn.Cli.Serve;
using Cairn.Cli.Surveys;
using Cairn.Cli.Text;

var root = new RootCommand("Cairn: customer experience management. Listen to customers, understand what drives loyalty, act on it.")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    ImportCommand.Create(),
    MigrateCommand.Create(),
    MetricsCommand.Create(),
    TextCommand.Create(),
    EvalCommand.Create(),
    ReprocessCommand.Create(),
    InviteCommand.Create(),
    JourneyCommand.Create(),
    ReportCommand.Create(),
    CustomerCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    Console.Error.WriteLine($"cairn: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or System.Data.Common.DbException or HttpRequestException)
{
    Console.Error.WriteLine($"cairn: {e.Message.Split('\n')[0]}");
    return 2;
}
