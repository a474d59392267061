namespace Cairn.Storage;

/// <summary>
/// Typed, unboxed writing of rows into a bulk load (DuckDB appender, PostgreSQL binary COPY).
/// Call the column methods in the table's column order, then <see cref="EndRow"/>.
/// </summary>
public interface IRowWriter
{
    IRowWriter Text(string? value);

    IRowWriter BigInt(long? value);

    IRowWriter Whole(int value);

    IRowWriter Real(double? value);

    IRowWriter Flag(bool value);

    /// <summary>A UTC instant.</summary>
    IRowWriter Instant(DateTime? value);

    void EndRow();
}
