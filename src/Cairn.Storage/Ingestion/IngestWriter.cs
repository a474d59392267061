using System.Data.Common;
using System.Threading.Channels;
using Cairn.Core.Ingestion;

namespace Cairn.Storage.Ingestion;

/// <summary>
/// Group commit (DESIGN.md, "Storage"). Requests queue here; one writer thread takes everything
/// that is waiting (up to <see cref="MaxRowsPerCommit"/> records), writes it in one transaction and
/// only then answers each request. One commit per request caps DuckDB near 1,500 writes/s; one
/// commit for many requests keeps each request's latency at about one commit while the
/// throughput grows with the load.
/// </summary>
internal sealed class IngestWriter : IAsyncDisposable
{
    /// <summary>Largest number of records in one transaction; bigger batches are not split, only not joined.</summary>
    public const int MaxRowsPerCommit = 100_000;

    private readonly CairnStore _store;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly System.Collections.Concurrent.ConcurrentQueue<(long, string)> _forgotten = new();
    private readonly Thread _thread;
    private DbConnection? _connection;
    private SingleWriterState? _state;

    public IngestWriter(CairnStore store)
    {
        _store = store;
        _thread = new Thread(Run) { IsBackground = true, Name = "cairn-ingest-writer" };
        _thread.Start();
    }

    /// <summary>
    /// Completes when the batch is committed (or refused). Cancellation stops waiting for a place in
    /// the queue; once queued, the write goes ahead and the caller is told its outcome.
    /// </summary>
    public async Task<IngestOutcome> WriteAsync(long workspaceId, IngestBatch batch, FeedbackAnalyses? analyses, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(workspaceId, batch, analyses);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task;
    }

    private void Run()
    {
        var group = new List<PendingWrite>();
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            var rows = 0;
            while (rows < MaxRowsPerCommit && reader.TryRead(out var next))
            {
                group.Add(next);
                rows += Math.Max(1, next.Batch.Count);
            }

            Commit(group);
        }

        _connection?.Dispose();
    }

    /// <summary>
    /// Drops an erased customer from the writer's known customers. Queued and applied by the writer
    /// thread before its next group, the only thread that reads the set. A group already being
    /// written when the erasure commits may still add that customer's events; erasing again
    /// removes them (an erasure is idempotent and says what it removed).
    /// </summary>
    public void Forget(long workspaceId, string customerId) => _forgotten.Enqueue((workspaceId, customerId));

    private void Commit(List<PendingWrite> group)
    {
        while (_state is not null && _forgotten.TryDequeue(out var gone))
        {
            _state.KnownCustomers.Remove(gone);
        }

        try
        {
            var connection = Connection();
            var outcomes = GroupWrite.Run(_store, connection, group, _state);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception exception) when (group.Count > 1 && !_store.Dialect.IsFatal(exception))
        {
            // One request's data broke the shared transaction; retry each alone so the others
            // still commit and only the faulty one is told it failed. Not when the database
            // itself failed (a full disk): each retry would fail the same way, slowly, while the
            // group waits; the whole group is told at once instead.
            ResetConnection();
            foreach (var pending in group)
            {
                Commit([pending]);
            }
        }
        catch (Exception exception)
        {
            ResetConnection();
            if (_store.Dialect.IsFatal(exception))
            {
                _store.Dialect.Recover();
            }

            foreach (var pending in group)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    private DbConnection Connection()
    {
        if (_connection is null)
        {
            _connection = _store.Connect();
            GroupWrite.CreateStaging(_store.Dialect, _connection);
            if (_store.Dialect.SingleWriter && _state is null)
            {
                _state = SingleWriterState.Load(_connection);
            }
        }

        return _connection;
    }

    private void ResetConnection() => Connections.Discard(ref _connection);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_thread.Join);
    }

    internal sealed class PendingWrite(long workspaceId, IngestBatch batch, FeedbackAnalyses? analyses)
    {
        /// <summary>The text analysis of each feedback item of the batch, by position.</summary>
        public FeedbackAnalyses? Analyses { get; } = analyses;

        public long WorkspaceId { get; } = workspaceId;

        public IngestBatch Batch { get; } = batch;

        public TaskCompletionSource<IngestOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
