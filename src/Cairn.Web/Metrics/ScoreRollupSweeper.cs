using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Metrics;

/// <summary>
/// Folds the score deltas that writers append into the score rollup, every workspace in turn.
/// Metric queries are exact without it (they add the pending deltas); folding keeps what they
/// read a few thousand rows rather than one row per answer written since the last fold.
/// </summary>
public sealed partial class ScoreRollupSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<ScoreRollupSweeper> logger)
    : WorkspaceJob(store, time, options.ScoreRollupInterval)
{
    protected override Task<int> RunAsync(long workspaceId, DateTime now) => Store.FoldScoreDeltasAsync(workspaceId);

    protected override void Produced(int count, long workspaceId) => LogFolded(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "score rollup: folded {Count} delta row(s) in workspace {Workspace}")]
    private partial void LogFolded(int count, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "score rollup fold failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
