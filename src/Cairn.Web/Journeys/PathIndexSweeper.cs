using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Journeys;

/// <summary>
/// Keeps every workspace's journey analytics index current in the background, so the first path
/// query after new events (or after start-up on a large workspace, where the first build takes
/// seconds) rarely has to wait for it. Queries still refresh before reading: this only moves the
/// work off the request.
/// </summary>
public sealed partial class PathIndexSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<PathIndexSweeper> logger)
    : WorkspaceJob(store, time, options.PathIndexInterval)
{
    protected override async Task<int> RunAsync(long workspaceId, DateTime now)
    {
        var refresh = await Store.RefreshPathIndexAsync(workspaceId);
        return refresh.Customers + refresh.Built;
    }

    protected override void Produced(int count, long workspaceId) => LogRefreshed(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "path index: re-ordered {Count} customer(s) or journey(s) in workspace {Workspace}")]
    private partial void LogRefreshed(int count, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "path index refresh failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
