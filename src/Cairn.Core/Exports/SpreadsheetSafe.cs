namespace Cairn.Core.Exports;

/// <summary>
/// Neutralises spreadsheet formula injection (CSV injection) in exported cells: a value starting
/// with = + - @, a tab or a carriage return is opened by Excel, LibreOffice and Google Sheets as
/// a formula, so it gets a leading apostrophe and is shown as the text it is (OWASP's advice).
/// </summary>
public static class SpreadsheetSafe
{
    public static string Cell(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
