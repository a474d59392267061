using Cairn.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Cases;

/// <summary>
/// Runs the case rules of every workspace on a timer, so a detractor's answer becomes a case within
/// a minute of arriving. Each sweep is one INSERT … SELECT per rule and skips items that already
/// have a case, so a sweep that fails or overlaps another node's is simply repeated.
/// </summary>
public sealed partial class CaseSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<CaseSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CaseSweepInterval, time);
        do
        {
            try
            {
                foreach (var workspace in await store.ListWorkspacesAsync())
                {
                    var opened = await store.OpenCasesAsync(workspace.Id, time.GetUtcNow().UtcDateTime);
                    if (opened > 0)
                    {
                        LogOpened(opened, workspace.Id);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "case rules opened {Opened} case(s) in workspace {Workspace}")]
    private partial void LogOpened(int opened, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "case sweep failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
