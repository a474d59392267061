using Cairn.Storage;
using Microsoft.Extensions.Hosting;

namespace Cairn.Web.Http;

/// <summary>
/// A background job that runs over every workspace at start and then on a timer. A failed round is
/// reported and simply repeated at the next tick: the jobs built on this are idempotent.
/// </summary>
public abstract class WorkspaceJob(CairnStore store, TimeProvider time, TimeSpan interval) : BackgroundService
{
    protected CairnStore Store { get; } = store;

    /// <summary>Does the work for one workspace; returns how many things it produced (for the log).</summary>
    protected abstract Task<int> RunAsync(long workspaceId, DateTime now);

    protected abstract void Produced(int count, long workspaceId);

    protected abstract void Failed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                foreach (var workspace in await Store.ListWorkspacesAsync())
                {
                    var count = await RunAsync(workspace.Id, time.GetUtcNow().UtcDateTime);
                    if (count > 0)
                    {
                        Produced(count, workspace.Id);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
