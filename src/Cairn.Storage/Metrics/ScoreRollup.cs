namespace Cairn.Storage.Metrics;

/// <summary>
/// The writers' half of the score rollup (027_score_rollup.sql): portable SQL that appends signed
/// counts to <c>score_delta</c>. A writer that changes answers takes them away as they are before the
/// change and adds them back after it, inside its own transaction, so the rollup plus the deltas
/// always equals what the answers say. Every statement here groups by the rollup's key, so a batch
/// of answers becomes a handful of delta rows.
/// </summary>
internal static class ScoreRollup
{
    /// <summary>The rollup's key, shared by score_rollup and score_delta (027_score_rollup.sql).</summary>
    public const string Keys = "workspace_id, question_id, day, value, survey_id, touchpoint_id, stage_id, channel, segment, persona, plan, region";

    private const string Utc = "{{utc}}"; // see SqlDialect.Sql

    private static readonly string[] CustomerColumns = ["segment", "persona", "plan", "region"];

    private static string JoinCustomer(string customers = "customers") =>
        $"LEFT JOIN {customers} c ON c.workspace_id = a.workspace_id AND c.external_id = a.customer_id";

    /// <summary>
    /// Adds the answers <paramref name="where"/> picks from <paramref name="source"/> (answers, or a
    /// staging table shaped like them, as <c>a</c>). <paramref name="customers"/> may narrow the
    /// customers joined for their traits (a subquery shaped like customers).
    /// </summary>
    public static string Added(string where, string source = "answers", string customers = "customers") =>
        Delta("", source, JoinCustomer(customers), "c.{0}", where);

    /// <summary>Takes away the answers <paramref name="where"/> picks, as they stand: run it before changing or deleting them.</summary>
    public static string Taken(string where, string source = "answers") => Delta("-", source, JoinCustomer(), "c.{0}", where);

    /// <summary>
    /// Moves the answers of customers whose segment, persona, plan or region a staged upsert will
    /// change (<paramref name="stage"/> shaped like customers, with <c>external_id</c>): minus at the
    /// stored values, plus at the values the upsert will leave (a trait not sent keeps its value).
    /// Run before the upsert; two statements.
    /// </summary>
    public static string Moved(string stage)
    {
        var join = $"JOIN {stage} s ON s.workspace_id = a.workspace_id AND s.external_id = a.customer_id\n{JoinCustomer()}";
        return Delta("-", "answers", join, "c.{0}", Changed) + ";\n" + Delta("", "answers", join, "COALESCE(s.{0}, c.{0})", Changed);
    }

    /// <summary>Whether any staged customer's sliced traits differ from the stored ones (cheap: no answers read).</summary>
    public static string AnyMoved(string stage) => $"""
        SELECT count(*) FROM {stage} s LEFT JOIN customers c ON c.workspace_id = s.workspace_id AND c.external_id = s.external_id
        WHERE {Changed}
        """;

    private static string Changed => "(" + string.Join(" OR ", CustomerColumns.Select(k => $"COALESCE(s.{k}, c.{k}) IS DISTINCT FROM c.{k}")) + ")";

    private static string Delta(string sign, string source, string joins, string customerColumn, string where)
    {
        var traits = string.Join(", ", CustomerColumns.Select(k => $"COALESCE({string.Format(System.Globalization.CultureInfo.InvariantCulture, customerColumn, k)}, '')"));
        return $"""
            INSERT INTO score_delta ({Keys}, n)
            SELECT a.workspace_id, a.question_id, date_trunc('day', a.answered_at{Utc}), a.value_number,
                   COALESCE(a.survey_id, 0), COALESCE(a.touchpoint_id, 0), COALESCE(a.stage_id, 0), COALESCE(a.channel, ''),
                   {traits}, {sign}count(*)
            FROM {source} a
            {joins}
            WHERE a.value_number IS NOT NULL AND a.answered_at IS NOT NULL AND {where}
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
            """;
    }
}
