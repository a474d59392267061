using System.Diagnostics;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;

namespace Cairn.Cli.Demo;

/// <summary>
/// Generates "Northwind Mobile", a telecom operator, deterministically from a seed: customers with
/// segments and personas, events along a five-stage journey on nine channels, support tickets,
/// reviews of us and two competitors, NPS/CSAT/CES responses with comments, and churn that
/// depends on the experience each customer had (a latent quality, support contacts, outages).
/// </summary>
public static class DemoWorkspace
{
    public const string Name = "Northwind Mobile";

    /// <summary>A fixed "today" so the same seed always gives the same data.</summary>
    public static readonly DateTime Today = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private const int EventBatch = 100_000;

    public sealed record Report(int Customers, long Events, long Feedback, long Responses, int Churned, int Involuntary, int Cases, long Records, HealthRecomputation Health,
        HealthValidationReport HealthCheck, TimeSpan Elapsed);

    private static readonly string[] Segments = ["consumer", "small_business", "enterprise"];
    private static readonly double[] SegmentWeights = [0.70, 0.22, 0.08];
    private static readonly string[] Personas = ["budget-family", "busy-professional", "business-owner", "tech-enthusiast"];
    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];
    private static readonly (string Plan, double Revenue)[] Plans = [("prepaid", 15), ("basic", 25), ("plus", 40), ("unlimited", 60), ("business", 85)];
    private static readonly string[] Competitors = ["Brightwave", "Tellus One"];

    public static JourneyDefinition Journey { get; } = new(
        "Mobile subscriber journey", "busy-professional", "From first ad to renewal, all channels", "Find where subscribers struggle and why they leave", JourneyState.Current,
        [
            new StageDefinition("Awareness", "Find a provider that fits my needs", "Clear offers where I already look",
                [new("Social ad", "social", false, "Marketing", ["ad_viewed"]), new("Website visit", "web", false, "Digital", ["site_visit"])]) { Actions = "Sees an ad, asks friends, reads coverage maps" },
            new StageDefinition("Consideration", "Compare plans and coverage", "Honest prices, quick answers",
                [new("Plan comparison", "web", false, "Digital", ["plan_compared"]), new("Pre-sales chat", "chat", false, "Sales", ["presales_chat"]), new("Store visit", "store", false, "Retail", ["store_visit"])]) { Actions = "Compares plans, asks about coverage and contract terms" },
            new StageDefinition("Purchase", "Sign up and get connected", "No surprise fees, working line on day one",
                [new("Online checkout", "web", false, "Digital", ["checkout_completed"]), new("SIM activation", "app", true, "Operations", ["sim_activated"]), new("Welcome email", "email", false, "CRM", ["welcome_email_opened"])]) { Actions = "Orders online, activates the SIM, ports the old number" },
            new StageDefinition("Service and Use", "Reliable service, easy help", "It just works; problems fixed first time",
                [
                    new("App usage", "app", false, "Digital", ["app_login"]), new("Monthly bill", "email", false, "Billing", ["bill_issued"]),
                    new("Support call", "phone", true, "Customer care", ["support_call", "ticket_opened", "ticket_closed"]),
                    new("Outage notice", "sms", false, "Network", ["network_outage_reported"]), new("Technician visit", "field", false, "Field service", ["technician_visit"]),
                ]) { Actions = "Uses the line and the app, pays bills, calls when something breaks" },
            new StageDefinition("Loyalty and Advocacy", "Be rewarded for staying", "Recognition and fair renewal offers",
                [new("Renewal offer", "email", true, "Retention", ["renewal_offer", "cancellation_requested"]), new("Referral", "social", false, "Marketing", ["referral_sent"]), new("Plan upgrade", "app", false, "Sales", ["plan_upgraded"])]) { Actions = "Weighs the renewal offer, recommends or leaves" },
        ]);

    private sealed record Person(string Id, int Segment, int Persona, int Plan, int Region, DateTime Signup, double Quality, int Contacts, bool Outage, bool Churned, bool Involuntary, DateTime? ChurnedAt);

    /// <summary>Generates the workspace into an empty store; returns what it made.</summary>
    public static async Task<Report> GenerateAsync(CairnStore store, int customerCount, int seed, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var workspace = await store.EnsureWorkspaceAsync(Name, Industry.Telecommunications);
        var journeyId = store.CreateJourney(workspace.Id, Journey);
        var touchpoints = (await store.ListTouchpointsAsync(workspace.Id)).ToDictionary(t => t.Name, StringComparer.Ordinal);

        progress("customers");
        var people = Enumerable.Range(0, customerCount).Select(i => NewPerson(random, i)).ToList();
        for (var i = 0; i < people.Count; i += 50_000)
        {
            await store.IngestAsync(workspace.Id, IngestBatch.OfCustomers(people.Skip(i).Take(50_000).Select(Profile).ToList()), cancellationToken);
        }

        progress("events");
        long events = 0;
        var batch = new List<TrackEvent>(EventBatch + 100);
        foreach (var person in people)
        {
            AddJourneyEvents(random, person, batch);
            if (batch.Count >= EventBatch)
            {
                events += (await store.IngestAsync(workspace.Id, IngestBatch.OfEvents(batch), cancellationToken)).Accepted;
                batch = new List<TrackEvent>(EventBatch + 100);
            }
        }

        events += (await store.IngestAsync(workspace.Id, IngestBatch.OfEvents(batch), cancellationToken)).Accepted;

        progress("feedback");
        var feedback = new List<FeedbackItem>();
        foreach (var person in people)
        {
            for (var c = 0; c < person.Contacts; c++)
            {
                var theme = person.Outage && c == 0 ? "outages" : PhraseBank.Themes[random.Next(PhraseBank.Themes.Length)];
                feedback.Add(new FeedbackItem($"ticket-{person.Id}-{c}", FeedbackSource.Ticket, person.Id, null, null, null, $"Ticket about {theme}",
                    PhraseBank.Comment(random, Math.Clamp(person.Quality * 0.5 - 0.6, -1, 1), theme), ContactDate(random, person, c), c % 2 == 0 ? "phone" : "chat", null));
            }
        }

        AddReviews(random, people, feedback);
        var feedbackCount = 0L;
        for (var i = 0; i < feedback.Count; i += 50_000)
        {
            feedbackCount += (await store.IngestAsync(workspace.Id, IngestBatch.OfFeedback(feedback.Skip(i).Take(50_000).ToList()), cancellationToken)).Accepted;
        }

        progress("survey responses");
        var (responses, comments, npsSurvey) = Responses(store, workspace.Id, random, people, touchpoints);
        var responseCount = store.ImportResponses(workspace.Id, responses);
        feedbackCount += (await store.IngestAsync(workspace.Id, IngestBatch.OfFeedback(comments), cancellationToken)).Accepted;

        progress("closed-loop cases");
        var cases = await DemoCases.GenerateAsync(store, workspace.Id, npsSurvey, new Random(seed + 1), DemoCommand.DemoPassword);
        progress("initiatives");
        await DemoInitiatives.GenerateAsync(store, workspace.Id);
        progress("audit walks");
        await DemoAudits.GenerateAsync(store, workspace.Id, journeyId);
        progress("alerts");
        // The alerts the hourly sweep would have raised as the year's data arrived, week by week.
        for (var week = Today.AddDays(-7 * 26); week <= Today.AddDays(1); week = week.AddDays(7))
        {
            await Cairn.Web.Outbound.AlertService.SweepAsync(store, workspace.Id, week);
        }

        progress("CRM records");
        var records = await DemoRecords.GenerateAsync(store, workspace.Id,
            [.. people.Select(p => new DemoRecords.Customer(p.Id, p.Signup, p.ChurnedAt, p.Quality, Plans[p.Plan].Revenue * (p.Segment == 2 ? 12 : 1), p.Plan == 0))], Today, seed + 2);
        progress("voice of the employee");
        await DemoEmployees.GenerateAsync(store, workspace.Id, seed + 3);
        progress("customer health");
        var health = await store.RecomputeHealthAsync(workspace.Id, Today);
        var check = await store.ValidateHealthAsync(workspace.Id, Today.AddDays(-90), 90);
        progress("journey path index");
        await store.RefreshPathIndexAsync(workspace.Id);
        await store.FoldScoreDeltasAsync(workspace.Id);
        return new Report(people.Count, events, feedbackCount, responseCount, people.Count(p => p.Churned), people.Count(p => p.Involuntary), cases, records, health, check,
            clock.Elapsed);
    }

    private static Person NewPerson(Random random, int index)
    {
        var segment = Weighted(random, SegmentWeights);
        var persona = segment switch { 0 => random.Next(2) == 0 ? 0 : (random.NextDouble() < 0.6 ? 1 : 3), 1 => 2, _ => random.NextDouble() < 0.7 ? 1 : 2 };
        var plan = segment == 0 ? random.Next(4) : 4;
        var signup = Today.AddDays(-30 - random.Next(730)).AddMinutes(random.Next(1440));
        var quality = Gaussian(random) + (segment == 2 ? 0.2 : 0) - (plan == 0 ? 0.2 : 0);
        var outage = random.NextDouble() < 0.15;
        var contacts = Poisson(random, 0.6 + 0.7 * Math.Max(0, -quality) + (outage ? 1.0 : 0));

        // Voluntary churn is driven by experience; involuntary (failed payments) is not.
        var voluntaryOdds = -2.4 + 0.9 * -quality + 0.35 * contacts + (outage ? 0.8 : 0) - (segment == 2 ? 0.5 : 0);
        var voluntary = random.NextDouble() < 1 / (1 + Math.Exp(-voluntaryOdds));
        var involuntary = !voluntary && random.NextDouble() < 0.065;
        DateTime? churnedAt = voluntary || involuntary ? signup.AddDays(20 + random.NextDouble() * Math.Max(1, (Today - signup).TotalDays - 21)) : null;
        return new Person($"cus-{index + 1:D6}", segment, persona, plan, random.Next(Regions.Length), signup, quality, contacts, outage, voluntary || involuntary, involuntary, churnedAt);
    }

    /// <summary>A demo customer's address (example.com is reserved: nothing is ever delivered).</summary>
    public static string Email(string customerId) => customerId + "@example.com";

    private static CustomerProfile Profile(Person p) => new(
        p.Id, null, Email(p.Id), Segments[p.Segment], Personas[p.Persona], Plans[p.Plan].Plan, Regions[p.Region], p.Signup,
        p.Churned ? CustomerStatus.Churned : CustomerStatus.Active, p.ChurnedAt, p.Churned ? (p.Involuntary ? ChurnType.Involuntary : ChurnType.Voluntary) : null,
        Plans[p.Plan].Revenue * (p.Segment == 2 ? 12 : 1), null);

    private static void AddJourneyEvents(Random random, Person p, List<TrackEvent> into)
    {
        var n = 0;
        var end = p.ChurnedAt ?? Today;
        void Add(string name, string channel, DateTime at) => into.Add(new TrackEvent($"ev-{p.Id}-{n++}", p.Id, name, at < end ? at : end.AddMinutes(-n), channel, null));

        var t = p.Signup.AddDays(-10 - random.Next(30));
        for (var i = random.Next(3); i >= 0; i--) { Add("ad_viewed", "social", t); t = t.AddHours(2 + random.Next(48)); }
        for (var i = 1 + random.Next(3); i > 0; i--) { Add("site_visit", "web", t); t = t.AddHours(1 + random.Next(30)); }
        for (var i = 1 + random.Next(2); i > 0; i--) { Add("plan_compared", "web", t); t = t.AddHours(1 + random.Next(20)); }
        if (random.NextDouble() < 0.35) { Add("presales_chat", "chat", t); t = t.AddHours(3); }
        if (random.NextDouble() < 0.25) { Add("store_visit", "store", t); t = t.AddHours(5); }
        Add("checkout_completed", random.NextDouble() < 0.8 ? "web" : "store", p.Signup);
        Add("sim_activated", "app", p.Signup.AddHours(2 + random.Next(70)));
        if (random.NextDouble() < 0.7) { Add("welcome_email_opened", "email", p.Signup.AddHours(5)); }

        var months = Math.Max(1, (int)((end - p.Signup).TotalDays / 30));
        for (var m = 1; m <= Math.Min(months, 12); m++) { Add("bill_issued", "email", p.Signup.AddDays(30 * m)); }
        var logins = 3 + random.Next(8) + (p.Quality > 0 ? 2 : 0);
        for (var i = 0; i < logins; i++) { Add("app_login", "app", p.Signup.AddDays(random.NextDouble() * Math.Max(1, (end - p.Signup).TotalDays))); }
        for (var c = 0; c < p.Contacts; c++)
        {
            var at = ContactDate(random, p, c);
            var channel = c % 2 == 0 ? "phone" : "chat";
            Add("ticket_opened", channel, at);
            if (channel == "phone") { Add("support_call", "phone", at.AddMinutes(1)); }
            Add("ticket_closed", channel, at.AddHours(1 + random.Next(72) * (p.Quality < -0.5 ? 3 : 1)));
            if (random.NextDouble() < 0.08) { Add("technician_visit", "field", at.AddDays(2)); }
        }

        if (p.Outage) { Add("network_outage_reported", "sms", p.Signup.AddDays(random.NextDouble() * Math.Max(1, (end - p.Signup).TotalDays))); }
        if (months >= 11) { Add("renewal_offer", "email", p.Signup.AddDays(335)); }
        if (p.Quality > 0.8 && random.NextDouble() < 0.5) { Add("referral_sent", "social", p.Signup.AddDays(60 + random.Next(200))); }
        if (p.Quality > 0.3 && random.NextDouble() < 0.2) { Add("plan_upgraded", "app", p.Signup.AddDays(90 + random.Next(200))); }
        if (p.Churned) { Add(p.Involuntary ? "payment_failed" : "cancellation_requested", p.Involuntary ? "email" : "phone", end.AddMinutes(-5)); }
    }

    private static DateTime ContactDate(Random random, Person p, int c)
    {
        var span = Math.Max(2, ((p.ChurnedAt ?? Today) - p.Signup).TotalDays - 2);
        return p.Signup.AddDays(1 + (span * (c + random.NextDouble()) / Math.Max(1, p.Contacts)));
    }

    private static void AddReviews(Random random, List<Person> people, List<FeedbackItem> into)
    {
        for (var i = 0; i < 4_000; i++)
        {
            var p = people[random.Next(people.Count)];
            var stars = Math.Clamp((int)Math.Round(3.2 + 1.2 * p.Quality + Gaussian(random) * 0.6), 1, 5);
            into.Add(Review($"review-us-{i}", null, p.Id, stars, random));
        }

        for (var c = 0; c < Competitors.Length; c++)
        {
            var mean = c == 0 ? 3.8 : 2.9; // Brightwave is better loved than us, Tellus One less
            for (var i = 0; i < 2_500; i++)
            {
                var stars = Math.Clamp((int)Math.Round(mean + Gaussian(random) * 1.1), 1, 5);
                into.Add(Review($"review-{Competitors[c].Replace(' ', '-').ToLowerInvariant()}-{i}", Competitors[c], null, stars, random));
            }
        }
    }

    private static FeedbackItem Review(string id, string? competitor, string? customerId, int stars, Random random) =>
        new(id, FeedbackSource.Review, customerId, competitor, stars, 5, null, PhraseBank.Comment(random, (stars - 3) / 2.0 + Gaussian(random) * 0.15),
            Today.AddDays(-random.Next(540)), random.NextDouble() < 0.6 ? "web" : "app", null);

    /// <summary>
    /// The story the demo tells over time: a network outage in June 2026 hurt everyone's score through
    /// the summer, and it recovered by October, so the metrics page has a real, significant dip to find.
    /// </summary>
    private static double OutageSummer(DateTime at) => (at.Year, at.Month) switch
    {
        (2026, 6) => 0.8,
        (2026, 7) => 0.6,
        (2026, 8) => 0.3,
        (2026, 9) => 0.1,
        _ => 0,
    };

    private static (List<SurveyResponse> Responses, List<FeedbackItem> Comments, long NpsSurvey) Responses(CairnStore store, long workspaceId, Random random, List<Person> people, Dictionary<string, TouchpointRow> touchpoints)
    {
        // Its own random stream, so the emerging issue below leaves every other generated value as it was.
        var emerging = new Random(20261101);

        // The reminders, repeat support surveys and unfinished answers below draw from a stream of
        // their own too: adding them left every response above as it was.
        var more = new Random(20261206);
        var nps = store.CreateSurvey(workspaceId, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10,"title":"How likely are you to recommend Northwind Mobile to a friend or colleague?"},{"type":"comment","name":"why","title":"What is the main reason for your score?"}]}]}""");
        var csat = store.CreateSurvey(workspaceId, "Post-purchase CSAT", SurveyKind.Csat, touchpoints["Online checkout"].Id, """{"pages":[{"elements":[{"type":"rating","name":"csat","rateMin":1,"rateMax":5,"title":"How satisfied were you with your purchase?"},{"type":"comment","name":"why","title":"Tell us more"}]}]}""");
        var ces = store.CreateSurvey(workspaceId, "Post-support CES", SurveyKind.Ces, touchpoints["Support call"].Id, """{"pages":[{"elements":[{"type":"rating","name":"ces","rateMin":1,"rateMax":7,"title":"How easy was it to resolve your issue today? (1 = very easy, 7 = very difficult)"},{"type":"comment","name":"why","title":"What made it easy or hard?"}]}]}""");

        var responses = new List<SurveyResponse>();
        var comments = new List<FeedbackItem>();
        var (serviceStage, loyaltyStage) = (touchpoints["App usage"].StageId, touchpoints["Renewal offer"].StageId);
        foreach (var p in people)
        {
            var end = p.ChurnedAt ?? Today;
            // Relationship NPS goes out every quarter after the first 90 days; a quarter of the customers
            // then active answer each wave, the last one shortly before they leave.
            var wave = 0;
            for (var sent = p.Signup.AddDays(90); sent < end; sent = sent.AddDays(91), wave++)
            {
                if (random.NextDouble() < 0.25)
                {
                    var at = sent.AddDays(random.Next(0, 14));
                    // After the call-back initiative launched, a support contact costs less loyalty.
                    var contactCost = at >= DemoInitiatives.CallBackLaunch ? 0.25 : 0.5;
                    var score = Math.Clamp((int)Math.Round(8.4 + 1.7 * p.Quality - contactCost * p.Contacts - (p.Outage ? 1.2 : 0) - OutageSummer(at) + Gaussian(random)), 0, 10);
                    // The stage the customer is in when they answer: the last two months before an anniversary are the renewal decision.
                    var answered = at < end ? at : end.AddHours(-random.Next(1, 240));
                    var stage = (answered - p.Signup).TotalDays % 365 >= 305 ? loyaltyStage : serviceStage;
                    AddResponse(random, $"nps-{p.Id}-{wave}", nps, null, stage, "email", answered, p, "nps", score, 0.55, (score - 6.5) / 3.5);
                }
                else if (more.NextDouble() < 0.6)
                {
                    // A reminder two weeks later brings more than half of the rest; one in eight of
                    // them stops after the score (a partial response, the comment never sent).
                    var at = sent.AddDays(14 + more.Next(0, 14));
                    if (at >= end)
                    {
                        continue;
                    }

                    var contactCost = at >= DemoInitiatives.CallBackLaunch ? 0.25 : 0.5;
                    var score = Math.Clamp((int)Math.Round(8.2 + 1.7 * p.Quality - contactCost * p.Contacts - (p.Outage ? 1.2 : 0) - OutageSummer(at) + Gaussian(more)), 0, 10);
                    var stage = (at - p.Signup).TotalDays % 365 >= 305 ? loyaltyStage : serviceStage;
                    AddResponse(more, $"nps-{p.Id}-{wave}-reminded", nps, null, stage, "email", at, p, "nps", score, 0.45, (score - 6.5) / 3.5, complete: more.NextDouble() >= 0.125);
                }
            }

            if (random.NextDouble() < 0.2)
            {
                var score = Math.Clamp((int)Math.Round(3.9 + 0.8 * p.Quality + Gaussian(random) * 0.7), 1, 5);
                var tp = touchpoints["Online checkout"];
                AddResponse(random, $"csat-{p.Id}", csat, tp.Id, tp.StageId, "web", p.Signup.AddHours(3), p, "csat", score, 0.4, (score - 3) / 2.0);
            }

            if (p.Contacts > 0 && random.NextDouble() < 0.35)
            {
                var effort = Math.Clamp((int)Math.Round(3.0 - 1.2 * p.Quality + 0.5 * p.Contacts + Gaussian(random) * 0.8), 1, 7);
                var tp = touchpoints["Support call"];
                AddResponse(random, $"ces-{p.Id}", ces, tp.Id, tp.StageId, "phone", ContactDate(random, p, 0).AddHours(2), p, "ces", effort, 0.45, (4 - effort) / 3.0);
            }

            // Every support contact is surveyed (the first above, answered or not, then each later
            // one), and effort grows with each repeat contact.
            for (var c = 1; c < p.Contacts; c++)
            {
                if (more.NextDouble() < 0.5)
                {
                    var effort = Math.Clamp((int)Math.Round(3.0 - 1.2 * p.Quality + 0.5 * (c + 1) + Gaussian(more) * 0.8), 1, 7);
                    var tp = touchpoints["Support call"];
                    AddResponse(more, $"ces-{p.Id}-{c}", ces, tp.Id, tp.StageId, "phone", ContactDate(more, p, c).AddHours(2), p, "ces", effort, 0.4, (4 - effort) / 3.0);
                }
            }
        }

        return (responses, comments, nps);

        void AddResponse(Random rng, string id, long survey, long? touchpoint, long? stage, string channel, DateTime at, Person p, string question, int score, double commentShare, double tone, bool complete = true)
        {
            var answers = new List<Answer> { new(question, score, null) };
            if (!complete)
            {
                responses.Add(new SurveyResponse(id, survey, 1, p.Id, false, touchpoint, stage, channel, "en", at.AddMinutes(-2), null, answers));
                return;
            }

            if (rng.NextDouble() < commentShare)
            {
                var text = PhraseBank.Comment(rng, Math.Clamp(tone + Gaussian(rng) * 0.2, -1, 1));
                if (ReferenceEquals(rng, random) && at >= Today.AddMonths(-3) && tone < 0 && emerging.NextDouble() < 0.2)
                {
                    // An emerging problem no theme covers yet, for theme discovery to find.
                    text += " " + PhraseBank.Emerging(emerging);
                }

                answers.Add(new Answer("why", null, text));
                comments.Add(new FeedbackItem($"comment-{id}", FeedbackSource.SurveyComment, p.Id, null, score, question == "nps" ? 10 : question == "csat" ? 5 : 7, null, text, at, channel, null) { ResponseId = id });
            }

            responses.Add(new SurveyResponse(id, survey, 1, p.Id, true, touchpoint, stage, channel, "en", at.AddMinutes(-2), at, answers));
        }
    }

    private static int Weighted(Random random, double[] weights)
    {
        var x = random.NextDouble();
        for (var i = 0; i < weights.Length; i++)
        {
            if ((x -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
