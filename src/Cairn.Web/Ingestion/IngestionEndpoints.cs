using System.Globalization;
using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Ingestion;

/// <summary>
/// Listen: customers, events and feedback in, natively and in Segment's shape. Each request is
/// all-or-nothing: any invalid item refuses the whole request with a 422 naming every bad item and
/// field, and nothing is stored; a request is answered only after its commit. Retrying is always
/// safe: ids are idempotency ids.
/// </summary>
public static class IngestionEndpoints
{
    /// <summary>Most items one request may carry.</summary>
    public const int MaxItems = 10_000;

    public static RouteGroupBuilder MapIngestionApi(this RouteGroupBuilder api)
    {
        var ingest = api.MapGroup("").RequireAuthorization(CairnClaims.IngestPolicy).WithTags("Ingestion");
        ingest.MapPost("/identify", Identify).WithName("Identify").WithSummary("Create or update customers by external id (Segment-style identify).")
            .Accepts<IdentifyRequest>("application/json").Produces<IngestResponse>().ProducesValidationProblem(422).RequireCors(Widget.WidgetEndpoints.CorsPolicy);
        ingest.MapPost("/events", Events).WithName("TrackEvents").WithSummary("Record a batch of up to 10,000 events; each is mapped to a touchpoint by its name.")
            .Accepts<EventBatchRequest>("application/json").Produces<IngestResponse>().ProducesValidationProblem(422).ProducesProblem(413).RequireCors(Widget.WidgetEndpoints.CorsPolicy);
        ingest.MapPost("/feedback", Feedback).WithName("AddFeedback").WithSummary("Record reviews, social posts, tickets, chats and interview notes (up to 10,000).")
            .Accepts<FeedbackBatchRequest>("application/json").Produces<IngestResponse>().ProducesValidationProblem(422).ProducesProblem(413);
        ingest.MapPost("/records", Records).WithName("AddCustomerRecords")
            .WithSummary("Record CRM/ERP facts about known customers (up to 10,000): orders, returns, invoices, renewals (past or scheduled) and plan changes. All or nothing: an unknown customer refuses the request and is named.")
            .Accepts<RecordBatchRequest>("application/json").Produces<IngestResponse>().ProducesValidationProblem(422).ProducesProblem(413);

        var segment = ingest.MapGroup("/segment").WithTags("Segment-compatible ingestion");
        segment.MapPost("/identify", (HttpContext c, CairnStore s, TimeProvider t, CancellationToken ct) => Segment(c, s, t, "identify", ct))
            .WithName("SegmentIdentify").WithSummary("Segment's identify call, unchanged.").Accepts<SegmentMessageRequest>("application/json").Produces<IngestResponse>();
        segment.MapPost("/track", (HttpContext c, CairnStore s, TimeProvider t, CancellationToken ct) => Segment(c, s, t, "track", ct))
            .WithName("SegmentTrack").WithSummary("Segment's track call, unchanged.").Accepts<SegmentMessageRequest>("application/json").Produces<IngestResponse>();
        segment.MapPost("/batch", (HttpContext c, CairnStore s, TimeProvider t, CancellationToken ct) => Segment(c, s, t, null, ct))
            .WithName("SegmentBatch").WithSummary("Segment's batch call: identify, track, page and screen messages.").Accepts<SegmentBatchRequest>("application/json").Produces<IngestResponse>();
        return api;
    }

    private static async Task<IResult> Identify(HttpContext context, CairnStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        var many = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("customers", out _);
        var items = many ? Items(root, "customers") : (root.ValueKind == JsonValueKind.Object ? ([root], null) : (null, Shape("a JSON object")));
        if (items.Problem is not null)
        {
            return items.Problem;
        }

        var errors = new List<ItemError>();
        var customers = new List<CustomerProfile>(items.Elements!.Count);
        for (var i = 0; i < items.Elements.Count; i++)
        {
            if (CustomerProfile.Read(items.Elements[i], i, errors) is { } profile)
            {
                customers.Add(profile);
            }
        }

        return await Store(context, store, IngestBatch.OfCustomers(customers), errors, "customers", cancellationToken);
    }

    private static Task<IResult> Events(HttpContext context, CairnStore store, CancellationToken cancellationToken) =>
        ReadAndStore(context, store, "events", "events", TrackEvent.Read, IngestBatch.OfEvents, cancellationToken);

    private static Task<IResult> Feedback(HttpContext context, CairnStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime; // a feedback item without a timestamp happened now
        return ReadAndStore(context, store, "feedback", "feedback items", (item, index, errors) => FeedbackItem.Read(item, index, now, errors), IngestBatch.OfFeedback, cancellationToken);
    }

    /// <summary>
    /// The shape every batch endpoint shares: read the body, take the array under <paramref name="property"/>,
    /// validate every item (collecting every error), then store all or nothing.
    /// </summary>
    private static async Task<IResult> ReadAndStore<T>(HttpContext context, CairnStore store, string property, string what,
        Func<JsonElement, int, List<ItemError>, T?> read, Func<IReadOnlyList<T>, IngestBatch> toBatch, CancellationToken cancellationToken)
        where T : class
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var items = Items(document.RootElement, property);
        if (items.Problem is not null)
        {
            return items.Problem;
        }

        var errors = new List<ItemError>();
        var records = new List<T>(items.Elements!.Count);
        for (var i = 0; i < items.Elements.Count; i++)
        {
            if (read(items.Elements[i], i, errors) is { } record)
            {
                records.Add(record);
            }
        }

        return await Store(context, store, toBatch(records), errors, what, cancellationToken);
    }

    private static async Task<IResult> Records(HttpContext context, CairnStore store)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var items = Items(document.RootElement, "records");
        if (items.Problem is not null)
        {
            return items.Problem;
        }

        var errors = new List<ItemError>();
        var records = items.Elements!.Select((item, i) => CustomerRecord.Read(item, i, errors)).OfType<CustomerRecord>().ToList();
        if (errors.Count > 0)
        {
            return Problems.InvalidItems(errors, "records");
        }

        var outcome = await store.AddRecordsAsync(context.User.WorkspaceId(), records);
        return outcome.Rejected.Count > 0 ? Problems.InvalidItems(outcome.Rejected, "records") : TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates));
    }

    private static async Task<IResult> Segment(HttpContext context, CairnStore store, TimeProvider time, string? routeType, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var root = document.RootElement;
        var items = routeType is null ? Items(root, "batch") : root.ValueKind == JsonValueKind.Object ? ([root], null) : (null, Shape("a JSON object"));
        if (items.Problem is not null)
        {
            return items.Problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new List<ItemError>();
        var result = new SegmentMessages.Result();
        for (var i = 0; i < items.Elements!.Count; i++)
        {
            SegmentMessages.Read(items.Elements[i], i, routeType, now, result, errors);
        }

        var batch = new IngestBatch(result.Customers, result.Events, [], CreateMissingCustomers: true);
        var answer = await Store(context, store, batch, errors, "messages", cancellationToken);
        return answer is Microsoft.AspNetCore.Http.HttpResults.Ok<IngestResponse> ok
            ? TypedResults.Ok(ok.Value! with { Skipped = result.Skipped })
            : answer;
    }

    private static async Task<IResult> Store(HttpContext context, CairnStore store, IngestBatch batch, List<ItemError> errors, string what, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return Problems.InvalidItems(errors, what);
        }

        var outcome = await store.IngestAsync(context.User.WorkspaceId(), batch, cancellationToken);
        return outcome.Rejected.Count > 0
            ? Problems.InvalidItems(outcome.Rejected, what)
            : TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates));
    }

    private static (IReadOnlyList<JsonElement>? Elements, IResult? Problem) Items(JsonElement root, string property)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(property, out var array))
        {
            return (null, Shape($"{{\"{property}\": [...]}}"));
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return (null, Problems.Create(StatusCodes.Status422UnprocessableEntity, "Invalid request", $"'{property}' must be an array, not {FieldReader.Describe(array.ValueKind)}"));
        }

        var count = array.GetArrayLength();
        if (count > MaxItems)
        {
            return (null, Problems.TooLarge(string.Create(CultureInfo.InvariantCulture, $"'{property}' has {count} items; the limit is {MaxItems} per request")));
        }

        var list = new List<JsonElement>(count);
        foreach (var element in array.EnumerateArray())
        {
            list.Add(element);
        }

        return (list, null);
    }

    private static IResult Shape(string expected) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Wrong shape", $"the body must be {expected}");
}
