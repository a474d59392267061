using Cairn.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Outbound;

/// <summary>Looks for alerts in every workspace at start and then every hour; an alert of a week is raised once, so repeating is harmless.</summary>
public sealed partial class AlertSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<AlertSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AlertSweepInterval, time);
        do
        {
            try
            {
                foreach (var workspace in await store.ListWorkspacesAsync())
                {
                    var raised = await AlertService.SweepAsync(store, workspace.Id, time.GetUtcNow().UtcDateTime);
                    if (raised.Count > 0)
                    {
                        LogRaised(raised.Count, workspace.Id);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "raised {Raised} alert(s) in workspace {Workspace}")]
    private partial void LogRaised(int raised, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert sweep failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
