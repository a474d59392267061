using Cairn.Core.Ingestion;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Writes a validated batch; completes only after the commit that holds it. Retrying the same
    /// batch adds nothing twice (events and feedback are keyed by their idempotency id).
    /// </summary>
    public Task<IngestOutcome> IngestAsync(long workspaceId, IngestBatch batch, CancellationToken cancellationToken = default) =>
        batch.Count == 0
            ? Task.FromResult(new IngestOutcome(0, 0, []))
            : Writer.WriteAsync(workspaceId, batch, cancellationToken);
}
