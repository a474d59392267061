using System.Text.Json;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Customers;

/// <summary>
/// What an <c>identify</c> call says about a customer. Well-known traits get their own columns
/// (they drive segments, churn and CLV); every other trait is kept in <see cref="AttributesJson"/>
/// and merged into what is already stored. Null means "not said", never "clear it".
/// </summary>
public sealed record CustomerProfile(
    string ExternalId,
    string? Name,
    string? Email,
    string? Segment,
    string? Persona,
    string? Plan,
    string? Region,
    DateTime? SignupAt,
    CustomerStatus? Status,
    DateTime? ChurnedAt,
    ChurnType? ChurnType,
    double? MonthlyRevenue,
    string? AttributesJson)
{
    public static CustomerProfile Minimal(string externalId) =>
        new(externalId, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Reads <c>{"id": ..., "traits": {...}}</c> (the id may also be called <c>customerId</c> or <c>userId</c>).</summary>
    public static CustomerProfile? Read(JsonElement item, int index, List<ItemError> errors)
    {
        var fields = new FieldReader(item, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each customer must be an object, not {FieldReader.Describe(item.ValueKind)}");
            return null;
        }

        var idField = fields.Has("id") ? "id" : fields.Has("customerId") ? "customerId" : fields.Has("userId") ? "userId" : "id";
        var before = errors.Count;
        var id = fields.RequiredString(idField);
        var traits = fields.Has("traits") ? fields.Nested("traits") : fields;
        if (fields.Has("traits") && !traits.IsObject)
        {
            fields.Fail("traits", "must be an object");
            return null;
        }

        var profile = ReadTraits(id ?? "", traits, fields.Has("traits") ? fields.OptionalObjectJson("traits") : ExtraAttributes(item));
        return errors.Count > before ? null : profile;
    }

    /// <summary>Reads the well-known traits from <paramref name="traits"/>; <paramref name="attributesJson"/> keeps them all.</summary>
    public static CustomerProfile ReadTraits(string externalId, FieldReader traits, string? attributesJson)
    {
        var status = traits.OptionalString("status", 20);
        CustomerStatus? parsedStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<CustomerStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                parsedStatus = s;
            }
            else
            {
                traits.Fail("status", "must be 'active' or 'churned'");
            }
        }

        var churnType = traits.OptionalString("churnType", 20);
        ChurnType? parsedChurnType = null;
        if (churnType is not null)
        {
            if (Enum.TryParse<ChurnType>(churnType, ignoreCase: true, out var c) && Enum.IsDefined(c))
            {
                parsedChurnType = c;
            }
            else
            {
                traits.Fail("churnType", "must be 'voluntary' or 'involuntary'");
            }
        }

        return new CustomerProfile(
            externalId,
            traits.OptionalString("name", 500),
            traits.OptionalString("email", 320),
            traits.OptionalString("segment"),
            traits.OptionalString("persona"),
            traits.OptionalString("plan"),
            traits.OptionalString("region"),
            traits.Has("signupAt") ? traits.OptionalTimestamp("signupAt") : traits.OptionalTimestamp("createdAt"),
            parsedStatus,
            traits.OptionalTimestamp("churnedAt"),
            parsedChurnType,
            traits.OptionalNumber("monthlyRevenue", 0, 1e12),
            attributesJson);
    }

    /// <summary>
    /// For the flat shape (traits beside the id), every field but the id is an attribute. A name or
    /// value escaping a lone UTF-16 surrogate cannot be text: then the attributes are dropped, not a
    /// crash (the API refuses such a body before it gets here).
    /// </summary>
    private static string? ExtraAttributes(JsonElement item)
    {
        try
        {
            var extra = item.EnumerateObject().Where(p => p.Name is not ("id" or "customerId" or "userId")).ToList();
            if (extra.Count == 0)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in extra)
                {
                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}

public enum CustomerStatus
{
    Active,
    Churned,
}

/// <summary>Voluntary churn is a choice (often an experience failure); involuntary is a failed payment or expired card.</summary>
public enum ChurnType
{
    Voluntary,
    Involuntary,
}
