using System.Data.Common;
using System.Threading.Channels;

namespace Cairn.Storage.Surveys;

/// <summary>
/// Group commit for survey responses, on both engines, as <see cref="Ingestion.IngestWriter"/> does
/// for events: one writer thread per process takes every response waiting (up to
/// <see cref="MaxPerCommit"/>), saves them in one transaction, in arrival order (so a double submit
/// in the same group sees the first), commits, turns the completed ones' comments into feedback,
/// and only then answers each caller. New responses are inserted set-based
/// (<see cref="ResponseBulk"/>): one statement per table for the whole group; a response stored
/// complete, or that the group completes, is told it is done; one that resumes a stored partial
/// response, or repeats a partial one of the group, is saved by itself in order.
/// On PostgreSQL one transaction per response capped the hosted page near 1,000 responses/s. There
/// another node may insert one of the group's new ids between the group's read and its insert: the
/// key conflict fails the group, which is then saved one response per transaction with the
/// conflict-aware statements, so only the duplicate is told it was already saved. (Two writer
/// threads were tried: their groups took each other's double clicks the same way, and the
/// fallbacks made it slower, 3,900-4,900/s against one writer's 5,600-7,800/s.)
/// </summary>
internal sealed class ResponseWriter : IAsyncDisposable
{
    public const int MaxPerCommit = 500;

    private long _fallbacks;

    /// <summary>Groups that failed as a whole and were saved one response at a time (a broken response, or another node's insert of the same id).</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    private readonly CairnStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Thread _thread;
    private DbConnection? _connection;

    public ResponseWriter(CairnStore store)
    {
        _store = store;
        _thread = new Thread(Run) { IsBackground = true, Name = "cairn-response-writer" };
        _thread.Start();
    }

    private sealed record Pending(QueuedResponse Response)
    {
        public TaskCompletionSource<ResponseSaved> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes when the response is committed (and its comments are feedback), or with the failure.</summary>
    public async Task<ResponseSaved> SaveAsync(long workspaceId, StoredSurvey survey, ResponseSubmission submission)
    {
        var pending = new Pending(new QueuedResponse(workspaceId, survey, submission));
        await _queue.Writer.WriteAsync(pending);
        return await pending.Done.Task;
    }

    private void Run()
    {
        var group = new List<Pending>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxPerCommit && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            Commit(group, bulk: true);
        }

        _connection?.Dispose();
    }

    private void Commit(List<Pending> group, bool bulk)
    {
        var now = _store.UtcNow;
        ResponseSaved[] saved;
        try
        {
            if (_connection is null)
            {
                _connection = _store.Connect();
                ResponseBulk.CreateStaging(_store.Dialect, _connection);
            }

            using var transaction = _connection.BeginTransaction();
            saved = new ResponseSaved[group.Count];
            var responses = group.Select(p => p.Response).ToList();
            var (fresh, complete) = bulk ? ResponseBulk.New(_store.Dialect, _connection, transaction, responses) : ([], []);
            if (fresh.Count > 0)
            {
                ResponseBulk.Insert(_store.Dialect, _connection, transaction, fresh.Order().Select(i => responses[i]).ToList(), now);
            }

            // A response stored complete, or that this group inserts complete (a double click), is done
            // without a statement; any other is saved by itself, in arrival order.
            complete.UnionWith(fresh.Where(i => responses[i].Submission.Complete).Select(i => responses[i].Key));
            for (var i = 0; i < group.Count; i++)
            {
                saved[i] = fresh.Contains(i) ? responses[i].Submission.Complete ? ResponseSaved.Complete : ResponseSaved.Partial
                    : complete.Contains(responses[i].Key) ? ResponseSaved.AlreadyComplete
                    : _store.SaveResponseAsync(_connection, transaction, responses[i].WorkspaceId, responses[i].Survey, responses[i].Submission, now).GetAwaiter().GetResult();
            }

            transaction.Commit();
        }
        catch (Exception exception) when (bulk && !_store.Dialect.IsFatal(exception))
        {
            Interlocked.Increment(ref _fallbacks);
            // One response broke the shared transaction (or another node inserted one of its ids
            // meanwhile): save each alone, statement by statement, so only it fails.
            Reset();
            foreach (var pending in group)
            {
                Commit([pending], bulk: false);
            }

            return;
        }
        catch (Exception exception)
        {
            Reset();
            if (_store.Dialect.IsFatal(exception))
            {
                _store.Dialect.Recover();
            }

            group.ForEach(p => p.Done.TrySetException(exception));
            return;
        }

        // Committed: the responses are durable. Their comments become feedback through the ingest
        // writer (text analysis, themes), one batch per workspace for the group, before anyone is
        // answered; a failure there fails those callers, whose retry finds the response complete.
        foreach (var workspace in group.Select((p, i) => (Pending: p, Saved: saved[i])).GroupBy(x => x.Pending.Response.WorkspaceId))
        {
            var comments = workspace.Where(x => x.Saved == ResponseSaved.Complete)
                .SelectMany(x => CairnStore.CommentItems(x.Pending.Response.Survey, x.Pending.Response.Submission, now)).ToList();
            Exception? failed = null;
            if (comments.Count > 0)
            {
                try
                {
                    _store.IngestAsync(workspace.Key, Core.Ingestion.IngestBatch.OfFeedback(comments)).GetAwaiter().GetResult();
                }
                catch (Exception exception)
                {
                    failed = exception;
                }
            }

            foreach (var (pending, result) in workspace)
            {
                if (failed is null)
                {
                    pending.Done.TrySetResult(result);
                }
                else
                {
                    pending.Done.TrySetException(failed);
                }
            }
        }
    }

    private void Reset() => Ingestion.Connections.Discard(ref _connection);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_thread.Join);
    }
}
