using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;

namespace Cairn.Core.Customers;

/// <summary>Whether a customer may be surveyed: never said (unknown), granted, pending their email confirmation, or withdrawn.</summary>
public enum ConsentState
{
    Unknown,
    Granted,
    Pending,
    Withdrawn,
}

/// <summary>The workspace's rule: survey only customers who granted consent; send email only to confirmed addresses (double opt-in).</summary>
public sealed record ConsentPolicy(bool RequireConsent, bool EmailDoubleOptIn)
{
    public static ConsentPolicy Default { get; } = new(false, false);
}

/// <summary>A customer's consent and preferences as stored.</summary>
public sealed record CustomerConsent(ConsentState Surveys, DateTime? EmailConfirmedAt, string? PreferredChannel, string? Language, DateTime? UpdatedAt)
{
    public static CustomerConsent None { get; } = new(ConsentState.Unknown, null, null, null, null);

    /// <summary>
    /// Null when consent lets the survey go out on <paramref name="channel"/>, else why not. Checked
    /// before the contact rules, for every channel: a withdrawal stops a campaign mid-way.
    /// </summary>
    public Eligibility? Refusal(ConsentPolicy policy, string? channel)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Surveys == ConsentState.Withdrawn)
        {
            return new Eligibility(false, "consent withdrawn", ByConsent: true);
        }

        if (policy.RequireConsent && Surveys != ConsentState.Granted)
        {
            return new Eligibility(false, Surveys == ConsentState.Pending ? "consent pending confirmation" : "no consent to be surveyed", ByConsent: true);
        }

        return channel == "email" && policy.EmailDoubleOptIn && EmailConfirmedAt is null
            ? new Eligibility(false, "email address not confirmed (double opt-in)", ByConsent: true)
            : null;
    }
}

/// <summary>A change asked for through the API: only the fields sent change.</summary>
public sealed record ConsentChange(ConsentState? Surveys, bool? EmailConfirmed, string? PreferredChannel, string? Language)
{
    public static string Name(ConsentState state) => state.ToString().ToLowerInvariant();

    /// <summary>Reads and checks the fields; adds errors for bad values.</summary>
    public static ConsentChange? Check(string? surveys, bool? emailConfirmed, string? preferredChannel, string? language, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        ConsentState? state = null;
        if (surveys is not null)
        {
            if (Enum.TryParse<ConsentState>(surveys, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && parsed != ConsentState.Unknown && !int.TryParse(surveys, out _))
            {
                state = parsed;
            }
            else
            {
                errors.Add(new ItemError(0, "surveys", "one of granted, pending, withdrawn"));
            }
        }

        var channel = Channels.Normalise(preferredChannel);
        if (channel is not null && !Channels.Known.Contains(channel))
        {
            errors.Add(new ItemError(0, "preferredChannel", $"one of {string.Join(", ", Channels.Known)}"));
        }

        var lang = language?.Trim();
        if (lang is not null && (lang.Length is < 2 or > 20 || !lang.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add(new ItemError(0, "language", "a language tag such as en or pt-BR"));
        }

        if (state is null && emailConfirmed is null && channel is null && lang is null && errors.Count == before)
        {
            errors.Add(new ItemError(0, "surveys", "nothing to change: send surveys, emailConfirmed, preferredChannel or language"));
        }

        return errors.Count > before ? null : new ConsentChange(state, emailConfirmed, channel, lang);
    }
}
