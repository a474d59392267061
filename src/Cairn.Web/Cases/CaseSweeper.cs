using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Cases;

/// <summary>
/// Runs the case rules of every workspace on a timer, so a detractor's answer becomes a case within
/// a minute of arriving. Each sweep is one INSERT … SELECT per rule and skips items that already
/// have a case, so a sweep that fails or overlaps another node's is simply repeated.
/// </summary>
public sealed partial class CaseSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<CaseSweeper> logger)
    : WorkspaceJob(store, time, options.CaseSweepInterval)
{
    protected override Task<int> RunAsync(long workspaceId, DateTime now) => Store.OpenCasesAsync(workspaceId, now);

    protected override void Produced(int count, long workspaceId) => LogOpened(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "case rules opened {Opened} case(s) in workspace {Workspace}")]
    private partial void LogOpened(int opened, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "case sweep failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
