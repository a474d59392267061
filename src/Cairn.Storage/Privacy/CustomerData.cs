namespace Cairn.Storage.Privacy;

/// <summary>
/// Where one customer's personal data lives: each table with the condition that picks that
/// customer's rows (parameters @workspaceId and @customerId). Export and erasure both read this one
/// list, so whatever an export shows is exactly what an erasure removes. A table added later that
/// holds customer data must be added here; the erasure test scans every text column of every table
/// for the customer's id, email, name and words, so a forgotten table fails it.
/// </summary>
internal static class CustomerData
{
    private const string Responses = "SELECT id FROM responses WHERE workspace_id = @workspaceId AND customer_id = @customerId";

    private const string Feedback = $"SELECT id FROM feedback WHERE workspace_id = @workspaceId AND (customer_id = @customerId OR response_id IN ({Responses}))";

    private const string Cases = "SELECT id FROM cases WHERE workspace_id = @workspaceId AND customer_id = @customerId";

    /// <summary>
    /// A table and the rows of it that are the customer's. A derived part (the journey analytics
    /// index: a copy of the events in another order) is erased with the rest but neither exported
    /// nor counted: it holds nothing of the customer's that the export does not already show.
    /// </summary>
    public sealed record Part(string Table, string Where, bool Derived = false, StorageEngine? OnlyOn = null);

    /// <summary>Parents before children: the order of an export.</summary>
    public static readonly IReadOnlyList<Part> Parts =
    [
        new("customers", "external_id = @customerId"),
        new("customer_records", "customer_id = @customerId"),
        new("customer_health", "customer_id = @customerId"),
        new("customer_consent", "customer_id = @customerId"),
        new("consent_changes", "customer_id = @customerId"),
        new("events", "customer_id = @customerId"),
        new("path_steps", "customer_id = @customerId", Derived: true),
        new("path_times", "customer_id = @customerId", Derived: true, OnlyOn: StorageEngine.DuckDb),
        new("path_dirty", "customer_id = @customerId", Derived: true),
        new("invitations", "customer_id = @customerId"),
        new("responses", "customer_id = @customerId"),
        new("answers", $"(customer_id = @customerId OR response_id IN ({Responses}))"),
        new("feedback", $"id IN ({Feedback})"),
        new("feedback_themes", $"feedback_id IN ({Feedback})"),
        new("insight_verbatims", $"feedback_id IN ({Feedback})"),
        new("cases", "customer_id = @customerId"),
        new("case_notes", $"case_id IN ({Cases})"),
        new("outbox", $"(case_id IN ({Cases}) OR customer_id = @customerId)"),
        new("customer_links", "customer_id = @customerId"),

        // A webhook delivery carries the response or case it reports; a delivered one is history
        // the receiver already has, a queued one must not send the customer's data after erasure.
        new("webhook_deliveries", $"((event = 'response.completed' AND ref IN ({Responses})) OR (event LIKE 'case.%' AND ref IN (SELECT CAST(id AS TEXT) FROM cases WHERE workspace_id = @workspaceId AND customer_id = @customerId)))"),
    ];

    /// <summary>Children before parents: the order of an erasure, since a child's condition reads its parent's rows.</summary>
    public static IEnumerable<Part> ErasureOrder => Parts.Reverse();

    public static string Select(Part part) => $"SELECT * FROM {part.Table} WHERE workspace_id = @workspaceId AND {part.Where}";

    public static string Delete(Part part) => $"DELETE FROM {part.Table} WHERE workspace_id = @workspaceId AND {part.Where}";
}
