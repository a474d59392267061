namespace Cairn.Cli.Demo;

/// <summary>
/// Sentences customers of a mobile operator write, per CX theme and tone, so that the demo's
/// comments, tickets and reviews carry real sentiment and themes for text analytics to find.
/// </summary>
public static class PhraseBank
{
    public static readonly string[] Themes = ["wait time", "staff attitude", "resolution", "billing and price", "network quality", "outages", "delivery", "onboarding", "app and website", "communication", "cancellation"];

    private static readonly Dictionary<string, (string[] Good, string[] Bad)> ByTheme = new(StringComparer.Ordinal)
    {
        ["wait time"] = (
            ["I got through to someone within a couple of minutes.", "No waiting at all, which was a nice surprise.", "The queue moved quickly."],
            ["I was on hold for 45 minutes before anyone answered.", "Waited over an hour in the chat queue.", "The wait time on the phone line is ridiculous.", "Nobody picked up for ages."]),
        ["staff attitude"] = (
            ["The agent was friendly and genuinely helpful.", "Sarah in support was patient and kind.", "Staff in the store were very polite.", "Really appreciate how respectful the team was!"],
            ["The agent was rude and kept interrupting me.", "Staff seemed annoyed that I even asked.", "Not helpful at all, the person was dismissive.", "I felt talked down to by the rep."]),
        ["resolution"] = (
            ["They fixed the problem on the first call.", "Issue resolved in one go, great job.", "Everything was sorted out quickly."],
            ["Still not fixed after three calls.", "Nobody could solve my problem.", "They closed the ticket but the issue is still there.", "I had to explain everything again every time I called."]),
        ["billing and price"] = (
            ["Good value for the price.", "The bill is clear and easy to understand.", "Fair pricing compared to others."],
            ["I was overcharged again this month.", "Hidden fees on my bill that nobody explained.", "The price went up without any warning.", "Way too expensive for what you get."]),
        ["network quality"] = (
            ["Coverage is excellent, even in the countryside.", "Fast data speeds everywhere I go.", "Call quality is crystal clear."],
            ["No signal in my own house.", "Data is painfully slow in the evenings.", "Calls drop all the time.", "Coverage is terrible outside the city."]),
        ["outages"] = (
            ["They warned us about maintenance in advance.", "The network has been rock solid for months."],
            ["Another outage and no service for a whole day.", "The network went down again during a work call.", "Third outage this month, unacceptable!"]),
        ["delivery"] = (
            ["The SIM card arrived the next day.", "Phone was delivered quickly and well packed."],
            ["My SIM never arrived.", "Delivery took two weeks.", "The courier lost my new phone."]),
        ["onboarding"] = (
            ["Activation was quick and painless.", "Setting up the new line took five minutes.", "Porting my number was seamless."],
            ["Activation failed twice.", "Porting my number took a week and I had no phone.", "The setup instructions were confusing."]),
        ["app and website"] = (
            ["The app is easy to use.", "I love how simple the website is.", "Checking my usage in the app is super handy."],
            ["The app keeps crashing.", "I can't find anything on the website.", "Logging in to the app is a nightmare.", "The website checkout is confusing."]),
        ["communication"] = (
            ["They kept me informed at every step.", "Clear and honest communication."],
            ["Nobody told me what was going on.", "I never got the callback I was promised.", "Emails contradict what the agent said."]),
        ["cancellation"] = (
            ["Cancelling was straightforward, no hassle."],
            ["Cancelling is deliberately difficult.", "They made it impossible to cancel online.", "Still being billed after I cancelled."]),
    };

    private static readonly string[] GoodOpeners = ["Overall very happy.", "Great experience so far.", "Honestly impressed.", "Pretty good service.", "Solid provider."];
    private static readonly string[] BadOpeners = ["Very disappointed.", "Frustrating experience.", "Not happy at all.", "Really annoyed with this company.", "Worst provider I've had."];
    private static readonly string[] MixedJoins = ["But", "However,", "That said,"];

    /// <summary>A comment with a tone in -1..1: negative picks complaints, positive praise, in between mixes.</summary>
    public static string Comment(Random random, double tone, string? theme = null)
    {
        var first = theme ?? Themes[random.Next(Themes.Length)];
        var second = Themes[random.Next(Themes.Length)];
        if (tone > 0.35)
        {
            return Join(Pick(random, GoodOpeners), Pick(random, ByTheme[first].Good), random.NextDouble() < 0.4 ? Pick(random, ByTheme[second].Good) : null);
        }

        if (tone < -0.35)
        {
            return Join(random.NextDouble() < 0.6 ? Pick(random, BadOpeners) : null, Pick(random, ByTheme[first].Bad), random.NextDouble() < 0.4 ? Pick(random, ByTheme[second].Bad) : null);
        }

        var (good, bad) = random.NextDouble() < 0.5 ? (first, second) : (second, first);
        var badSentence = Pick(random, ByTheme[bad].Bad);
        return $"{Pick(random, ByTheme[good].Good)} {Pick(random, MixedJoins)} {char.ToLowerInvariant(badSentence[0])}{badSentence[1..]}";
    }

    /// <summary>The demo's emerging issue of the last three months: eSIM transfers, which the default taxonomy has no theme for.</summary>
    public static string Emerging(Random random) => Pick(random, EmergingIssue);

    private static readonly string[] EmergingIssue =
    [
        "The eSIM transfer keeps failing.", "My eSIM transfer failed twice.", "Nobody could complete my eSIM transfer.",
        "The eSIM transfer to my new phone never completes.", "Still stuck halfway through an eSIM transfer.",
    ];

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => p is not null));
}
