using System.CommandLine;
using Cairn.Storage;
using Cairn.Web;
using Cairn.Web.Access;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Cli.Serve;

public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the Cairn server: web app, API, survey pages.")
        {
            Settings.Db, Settings.Urls, Settings.IndustryOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(Settings.Web(parse, Console.Out), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CairnWebOptions options, CancellationToken cancellationToken)
    {
        await using var app = await CairnWebApp.BuildAsync(options);
        await app.StartAsync(cancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Urls;
        if (options.Storage.Engine == StorageEngine.DuckDb)
        {
            ServerInfo.Write(options.Storage, new ServerInfo(url, app.Services.GetRequiredService<LocalAccess>().Key, Environment.ProcessId));
        }

        Console.WriteLine($"Cairn is running on {options.Storage}. Open {url} (Ctrl+C to stop).");
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            if (options.Storage.Engine == StorageEngine.DuckDb)
            {
                ServerInfo.Remove(options.Storage);
            }
        }

        return 0;
    }
}
