using Cairn.Core.Ingestion;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>
    /// Writes a validated batch; completes only after the commit that holds it. Retrying the same
    /// batch adds nothing twice (events and feedback are keyed by their idempotency id). Feedback
    /// text is analysed (language, sentiment, themes, emotions) and stored with the item.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(long workspaceId, IngestBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return new IngestOutcome(0, 0, []);
        }

        // Text analytics runs here, on the caller's thread, so the single writer only writes.
        var analyses = batch.Feedback.Count == 0 ? null : (await TextFor(workspaceId)).Analyse([.. batch.Feedback.Select(f => f.Text)]);
        return await Writer.WriteAsync(workspaceId, batch, analyses, cancellationToken);
    }
}
