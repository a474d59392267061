using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Customers;

/// <summary>Recomputes every workspace's customer health at start and then every few hours, so the at-risk list follows the data.</summary>
public sealed partial class HealthSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<HealthSweeper> logger)
    : WorkspaceJob(store, time, options.HealthInterval)
{
    protected override async Task<int> RunAsync(long workspaceId, DateTime now) =>
        (int)(await Store.RecomputeHealthAsync(workspaceId, await Store.HealthClockAsync(workspaceId, now))).AtRisk;

    protected override void Produced(int count, long workspaceId) => LogComputed(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "customer health recomputed: {AtRisk} customer(s) at risk in workspace {Workspace}")]
    private partial void LogComputed(int atRisk, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "customer health recomputation failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
