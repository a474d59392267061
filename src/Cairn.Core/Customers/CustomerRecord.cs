using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Customers;

/// <summary>
/// A fact from a CRM or ERP about a customer: an order, a return, an invoice, a renewal (past or
/// scheduled) or a plan change. <see cref="Id"/> is the idempotency id (the source system's own id
/// is the natural choice: an order exported twice is stored once).
/// </summary>
public sealed partial record CustomerRecord(string Id, string CustomerId, RecordKind Kind, DateTime OccurredAt, double? Amount, string? Currency, string? PropertiesJson)
{
    /// <summary>The largest amount accepted (in any currency): bigger is a unit mistake, not a sale.</summary>
    public const double MaxAmount = 1e12;

    /// <summary>Reads one item of <c>POST /api/v1/records</c>; returns null and adds errors when it is invalid.</summary>
    public static CustomerRecord? Read(JsonElement item, int index, List<ItemError> errors)
    {
        var fields = new FieldReader(item, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each record must be an object, not {FieldReader.Describe(item.ValueKind)}");
            return null;
        }

        var before = errors.Count;
        var id = fields.RequiredString("id");
        var customerId = fields.RequiredString("customerId");
        var kind = RecordKinds.Parse(fields.RequiredString("kind", 40), fields);
        var occurredAt = IsoTimestamp(fields, "occurredAt", item);
        var amount = fields.OptionalNumber("amount", -MaxAmount, MaxAmount);
        var currency = Currencies.Normalise(fields.OptionalString("currency", 10), fields);
        if (amount is not null && currency is null && errors.Count == before)
        {
            fields.Fail("currency", "is required with an amount (an ISO 4217 code such as EUR or USD): amounts in different currencies must never be added up");
        }

        var properties = fields.OptionalObjectJson("properties");
        return errors.Count > before ? null : new CustomerRecord(id!, customerId!, kind!.Value, occurredAt!.Value, amount, currency, properties);
    }

    /// <summary>
    /// Only ISO 8601 (2026-11-23 or 2026-11-23T10:15:00Z): a date such as 03/04/2026 means March in
    /// one country and April in another, and a CRM export must not be read the wrong way silently.
    /// </summary>
    private static DateTime? IsoTimestamp(FieldReader fields, string field, JsonElement item)
    {
        if (!fields.Has(field))
        {
            fields.Fail(field, "is required");
            return null;
        }

        if (item.GetProperty(field) is { ValueKind: JsonValueKind.String } value && value.GetString() is { } text && !IsoStart().IsMatch(text.Trim()))
        {
            fields.Fail(field, $"must be an ISO 8601 date or time such as 2026-11-23 or 2026-11-23T10:15:00Z, not '{Clip(text)}' (a local date format is ambiguous: convert it, or import the file with --date-format)");
            return null;
        }

        return fields.OptionalTimestamp(field);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}($|[T ])")]
    private static partial Regex IsoStart();
}

/// <summary>What a customer record is.</summary>
public enum RecordKind
{
    Order,
    Return,
    Invoice,
    Renewal,
    PlanChange,
}

public static class RecordKinds
{
    /// <summary>The names the API and files use, in <see cref="RecordKind"/> order.</summary>
    public static readonly IReadOnlyList<string> Names = ["order", "return", "invoice", "renewal", "plan_change"];

    public static string Name(this RecordKind kind) => Names[(int)kind];

    public static RecordKind? Parse(string? text, FieldReader fields)
    {
        if (text is null)
        {
            return null;
        }

        var index = Names.ToList().IndexOf(text.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_'));
        if (index < 0)
        {
            fields.Fail("kind", $"must be one of {string.Join(", ", Names)}, not '{text}'");
            return null;
        }

        return (RecordKind)index;
    }
}

/// <summary>
/// ISO 4217 currency codes in use (list of 2025). Written out because Cairn runs with invariant
/// globalization, where the runtime has no region data to ask.
/// </summary>
public static class Currencies
{
    private static readonly HashSet<string> Known = [.. """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY
        COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
        IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR
        MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
        SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG
        XOF XPF YER ZAR ZMW ZWG
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)]; // null: split on any white space

    /// <summary>Upper-cased code, or null with an error when it is not a known ISO 4217 code.</summary>
    public static string? Normalise(string? code, FieldReader fields)
    {
        if (code is null)
        {
            return null;
        }

        var upper = code.Trim().ToUpperInvariant();
        if (upper.Length != 3 || !Known.Contains(upper))
        {
            fields.Fail("currency", $"must be an ISO 4217 currency code such as EUR, USD or GBP, not '{code}'");
            return null;
        }

        return upper;
    }
}
