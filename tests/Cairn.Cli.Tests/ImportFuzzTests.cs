using System.Text.Json;
using Cairn.Cli.Import;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using CsCheck;

namespace Cairn.Cli.Tests;

/// <summary>
/// <c>cairn import</c>'s readers fed generated hostile files: CSV with broken quoting, stray
/// delimiters and line breaks, rows longer and shorter than the header, huge fields; JSON lines
/// of any shape. Every row must come out as an item or a named error (and each item then as a
/// record or field errors): never an exception, never a hang.
/// </summary>
public sealed class ImportFuzzTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>Characters a file decoded as strict UTF-8 can hold (no lone surrogates), weighted towards CSV's own.</summary>
    private static readonly Gen<char> CsvChar = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (3, Pick(',', '"', '\n', '\r', ';', ' ', '\t', '=', '+', '-', '@', '0', '9', '.', '{', '}', '[', ']')),
        (1, Gen.Char.Where(c => !char.IsSurrogate(c))));

    private static readonly Gen<string> Field = Gen.Frequency(
        (40, Gen.String[CsvChar, 0, 30]),
        (5, Pick("2026-11-01T10:00:00Z", "9999-99-99", "1e308", "-0", "NaN", "review", "ticket", "=SUM(A1:A9)")),
        (1, Gen.Const(new string('x', 200_000)))); // one long field now and then: they are costly to generate

    private static string Line(string[] fields) => string.Join(',', fields);

    private static void Consume(IEnumerable<ImportRow> rows, ImportKind kind)
    {
        var count = 0;
        foreach (var row in rows)
        {
            Assert.True(++count < 100_000, "the reader does not stop");
            Assert.True(row.Item is not null ^ row.Error is not null, $"line {row.Line}: an item or an error, exactly one");
            if (row.Item is not { } item)
            {
                continue;
            }

            var errors = new List<ItemError>();
            var read = kind switch
            {
                ImportKind.Customers => (object?)CustomerProfile.Read(item, 0, errors),
                ImportKind.Events => TrackEvent.Read(item, 0, errors),
                ImportKind.Records => CustomerRecord.Read(item, 0, errors),
                _ => FeedbackItem.Read(item, 0, Now, errors),
            };
            Assert.True(read is not null || errors.Count > 0);
        }
    }

    [Theory]
    [InlineData(ImportKind.Customers, "id,name,email,segment,monthlyRevenue")]
    [InlineData(ImportKind.Events, "id,customerId,name,timestamp,channel,plan")]
    [InlineData(ImportKind.Feedback, "id,source,text,rating,ratingScale,customerId,timestamp")]
    [InlineData(ImportKind.Records, "id,customerId,kind,occurredAt,amount,currency,sku")]
    public void CsvFiles_OfAnyContent_GiveItemsOrNamedErrors(ImportKind kind, string header)
    {
        var width = header.Split(',').Length;
        Gen.Select(Field.Array[0, width + 3].Array[0, 25], Gen.String[CsvChar, 0, 60], (rows, tail) => header + "\n" + string.Join('\n', rows.Select(Line)) + tail)
            .Sample(file => Consume(ImportRows.Csv(new StringReader(file), kind), kind), iter: 600);
    }

    [Fact]
    public void JsonLines_OfAnyContent_GiveItemsOrNamedErrors()
    {
        string[] pieces = ["{", "}", "[", "]", ",", ":", "\"id\"", "\"customerId\"", "\"name\"", "\"timestamp\"", "\"source\"", "\"e1\"", "1e999", "null", "true", "\"\\ud800\"", "\"2026-11-01T00:00:00Z\""];
        var soup = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 40].Select(string.Concat);
        var valid = Gen.Const("""{"id":"e1","customerId":"c1","name":"login","timestamp":"2026-11-01T00:00:00Z","properties":{"a":[1,2,{"b":null}]}}""");
        Gen.OneOf(soup, valid).Array[1, 20].Select(lines => string.Join('\n', lines)).Sample(file =>
        {
            foreach (var kind in new[] { ImportKind.Customers, ImportKind.Events, ImportKind.Feedback, ImportKind.Records })
            {
                Consume(ImportRows.JsonLines(new StringReader(file)), kind);
            }
        }, iter: 1500);
    }

    [Fact]
    public void ACsvWithoutItsRequiredColumns_IsRefusedWithTheColumnsNamed()
    {
        var error = Assert.Throws<UsageException>(() => ImportRows.Csv(new StringReader("id,name\ne1,login"), ImportKind.Events).ToList());
        Assert.Contains("customerId, timestamp", error.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => ImportRows.Csv(new StringReader(""), ImportKind.Customers).ToList());
        _ = JsonSerializer.Serialize(error.Message); // the message is plain text, printable as one line
        Assert.DoesNotContain('\n', error.Message);
    }
}
