using System.Globalization;
using System.Text.Json;

namespace Cairn.Core.Surveys;

/// <summary>What Cairn knows about one customer's past contacts, across every survey and channel.</summary>
public sealed record ContactHistory(DateTime? LastContact, int ContactsInPeriod, DateTime? LastContactThisSurvey, bool AnsweredThisSurvey);

/// <summary>
/// Whether a customer may be asked now, and if not, why, in words. <see cref="ByConsent"/> marks a
/// refusal the customer's consent makes, which no "force" may override.
/// </summary>
public sealed record Eligibility(bool Eligible, string Reason, bool ByConsent = false)
{
    public static readonly Eligibility Yes = new(true, "eligible");
}

/// <summary>
/// Contact governance, decided on the server for every channel and device: a customer is not
/// asked again within <see cref="RecontactDays"/> of any survey, not more than
/// <see cref="MaxPerPeriod"/> times in <see cref="PeriodDays"/>, never again after answering a
/// <see cref="ShowOnce"/> survey, a recurring survey (<see cref="RecurEveryDays"/>, e.g. the
/// relationship NPS every 90 days) not before its next turn, and only between
/// <see cref="StartAt"/> and <see cref="StopAt"/>. Stored with the survey as JSON.
/// </summary>
public sealed record ContactPolicy
{
    public int RecontactDays { get; init; } = 14;
    public int MaxPerPeriod { get; init; } = 3;
    public int PeriodDays { get; init; } = 90;
    public bool ShowOnce { get; init; }
    public int? RecurEveryDays { get; init; }
    public DateTime? StartAt { get; init; }
    public DateTime? StopAt { get; init; }

    public static ContactPolicy Default { get; } = new();

    public Eligibility Decide(ContactHistory history, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (StartAt is { } start && now < start)
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"the survey starts on {start:yyyy-MM-dd}"));
        }

        if (StopAt is { } stop && now >= stop)
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"the survey stopped on {stop:yyyy-MM-dd}"));
        }

        if (ShowOnce && history.AnsweredThisSurvey)
        {
            return new(false, "already answered this survey, which is shown once");
        }

        if (RecurEveryDays is { } every && history.LastContactThisSurvey is { } lastHere && now < lastHere.AddDays(every))
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"asked this survey {Days(now - lastHere)} ago; it recurs every {every} days"));
        }

        if (history.LastContact is { } last && now < last.AddDays(RecontactDays))
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"contacted {Days(now - last)} ago; the recontact period is {RecontactDays} days"));
        }

        if (history.ContactsInPeriod >= MaxPerPeriod)
        {
            return new(false, string.Create(CultureInfo.InvariantCulture, $"already {history.ContactsInPeriod} surveys in the last {PeriodDays} days (at most {MaxPerPeriod})"));
        }

        return Eligibility.Yes;
    }

    public List<string> Validate()
    {
        var problems = new List<string>();
        if (RecontactDays is < 0 or > 3650)
        {
            problems.Add("recontactDays: 0 to 3650");
        }

        if (MaxPerPeriod is < 1 or > 1000 || PeriodDays is < 1 or > 3650)
        {
            problems.Add("maxPerPeriod: 1 to 1000, periodDays: 1 to 3650");
        }

        if (RecurEveryDays is < 1 or > 3650)
        {
            problems.Add("recurEveryDays: 1 to 3650");
        }

        if (StartAt is { } a && StopAt is { } b && b <= a)
        {
            problems.Add("stopAt must be later than startAt");
        }

        return problems;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ContactPolicy FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Default;
        }

        try
        {
            return JsonSerializer.Deserialize<ContactPolicy>(json, JsonSerializerOptions.Web) ?? Default;
        }
        catch (JsonException)
        {
            return Default;
        }
    }

    private static string Days(TimeSpan span) => span.TotalDays < 1 ? "less than a day" : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} days");
}
