using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Access;

/// <summary>Applies every workspace's retention policies at start and then daily.</summary>
public sealed partial class RetentionSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<RetentionSweeper> logger)
    : WorkspaceJob(store, time, options.RetentionInterval)
{
    protected override async Task<int> RunAsync(long workspaceId, DateTime now) => (int)Math.Min(int.MaxValue, (await Store.ApplyRetentionAsync(workspaceId, now, "retention job")).Values.Sum());

    protected override void Produced(int count, long workspaceId) => LogApplied(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "retention deleted or anonymised {Rows} row(s) in workspace {Workspace}")]
    private partial void LogApplied(int rows, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "retention failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
