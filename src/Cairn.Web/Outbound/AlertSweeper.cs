using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Outbound;

/// <summary>Looks for alerts in every workspace at start and then every hour; an alert of a week is raised once, so repeating is harmless.</summary>
public sealed partial class AlertSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<AlertSweeper> logger)
    : WorkspaceJob(store, time, options.AlertSweepInterval)
{
    protected override async Task<int> RunAsync(long workspaceId, DateTime now) => (await AlertService.SweepAsync(Store, workspaceId, now)).Count;

    protected override void Produced(int count, long workspaceId) => LogRaised(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "raised {Raised} alert(s) in workspace {Workspace}")]
    private partial void LogRaised(int raised, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert sweep failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
