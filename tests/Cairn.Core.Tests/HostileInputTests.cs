using System.Diagnostics;
using System.Text.Json;
using Cairn.Core.Cases;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Journeys.Paths;
using Cairn.Core.Metrics;
using Cairn.Core.Surveys;
using Cairn.Core.Text;
using CsCheck;

namespace Cairn.Core.Tests;

/// <summary>
/// Every parser that reads what people and machines send (event, customer, feedback and Segment
/// JSON; SurveyJS and journey-map definitions; case rules, survey branching conditions, metric
/// queries, funnels, theme rules) is fed generated hostile input: wrong types, huge numbers, deep
/// nesting, control characters and lone surrogates, long strings, token soup and mutated valid
/// documents. Each must answer with a result or named problems: no exception, no hang.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>JSON values a sender might put anywhere, well-formed but wrong in every way.</summary>
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "123456789012345678901234567890", "0.000000000000000000000001",
        "\"\"", "\" \"", "\"x\"", "\"2026-11-01T10:00:00Z\"", "\"2026-13-45T99:99:99Z\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01\"",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"<script>alert(1)</script>\"", "\"=HYPERLINK(\\\"x\\\")\"", "\"😁😠\"",
        "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":{\"c\":[]}}}", new string('[', 40) + new string(']', 40), "\"" + new string('a', 70_000) + "\"",
    ];

    private static readonly Gen<string> Value = Gen.Int[0, Values.Length - 1].Select(i => Values[i]);

    /// <summary>An object with some of the given fields, each with a hostile value, plus maybe an unknown field.</summary>
    private static Gen<string> ObjectWith(params string[] fields) =>
        Gen.Select(Gen.Bool.Array[fields.Length], Value.Array[fields.Length], Gen.Bool, Value, (present, values, extra, extraValue) =>
            "{" + string.Join(",", fields.Select((f, i) => (f, i)).Where(x => present[x.i]).Select(x => $"\"{x.f}\":{values[x.i]}")
                .Concat(extra ? [$"\"unexpected\":{extraValue}"] : [])) + "}");

    private static void Never(Action read)
    {
        var clock = Stopwatch.StartNew();
        read();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:N1} s: a hang, not an answer");
    }

    private static void ReadsEach(Gen<string> documents, Action<JsonElement, List<ItemError>> read, int iterations = 2000) =>
        documents.Sample(json =>
        {
            using var document = JsonDocument.Parse(json);
            var errors = new List<ItemError>();
            Never(() => read(document.RootElement, errors));
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        }, iter: iterations);

    [Fact]
    public void Events_WithAnyValues_AreReadOrRefusedByField()
    {
        ReadsEach(ObjectWith("id", "customerId", "name", "timestamp", "channel", "properties"), (item, errors) =>
        {
            if (TrackEvent.Read(item, 0, errors) is { } read)
            {
                Assert.False(string.IsNullOrWhiteSpace(read.Id));
                Assert.False(string.IsNullOrWhiteSpace(read.CustomerId));
                Assert.Empty(errors);
            }
            else
            {
                Assert.NotEmpty(errors);
            }
        });
        ReadsEach(Value, (item, errors) => Assert.True(TrackEvent.Read(item, 0, errors) is not null || errors.Count > 0));
    }

    [Fact]
    public void CustomersFeedbackAndSegmentMessages_WithAnyValues_AreReadOrRefused()
    {
        ReadsEach(ObjectWith("id", "customerId", "traits", "name", "email", "segment", "signupAt", "status", "monthlyRevenue"),
            (item, errors) => Assert.True(CustomerProfile.Read(item, 0, errors) is not null || errors.Count > 0));
        ReadsEach(ObjectWith("id", "source", "customerId", "competitor", "rating", "ratingScale", "title", "text", "occurredAt", "channel", "properties"),
            (item, errors) => Assert.True(FeedbackItem.Read(item, 0, Now, errors) is not null || errors.Count > 0));
        ReadsEach(ObjectWith("type", "messageId", "userId", "anonymousId", "event", "traits", "properties", "context", "timestamp"),
            (item, errors) => SegmentMessages.Read(item, 0, null, Now, new SegmentMessages.Result(), errors));
    }

    /// <summary>JSON-ish token soup: mostly malformed, sometimes valid by chance.</summary>
    private static Gen<string> Soup(params string[] words) =>
        Gen.Int[0, words.Length + Values.Length + 5].Select(i => i < words.Length ? $"\"{words[i]}\"" : i < words.Length + Values.Length ? Values[i - words.Length] : "{}[],:"[i - words.Length - Values.Length].ToString())
            .Array[0, 80].Select(tokens => string.Concat(tokens));

    /// <summary>A valid document with one stretch replaced by hostile text.</summary>
    private static Gen<string> Mutated(string valid) =>
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 40], Value, (at, cut, value) => valid[..at] + value + valid[Math.Min(valid.Length, at + cut)..]);

    [Fact]
    public void SurveyDefinitions_FromAnyJson_AreImportedOrRefusedInWords()
    {
        var valid = SurveyJson.Export(SurveyTemplates.RelationshipNps);
        Gen.OneOf(Soup("pages", "elements", "type", "name", "rating", "rateMin", "rateMax", "choices", "visibleIf", "title", "isRequired"), Mutated(valid)).Sample(json =>
        {
            var problems = new List<string>();
            SurveyDefinition? imported = null;
            Never(() => imported = SurveyJson.Import(json, problems));
            Assert.True(imported is not null || problems.Count > 0);
        }, iter: 3000);
    }

    [Fact]
    public void JourneyMaps_FromAnyJson_AreImportedOrRefusedInWords()
    {
        var valid = JourneyJson.Export(new JourneyDefinition("Service", null, null, null, JourneyState.Current,
            [new StageDefinition("Use", "Get help fast", null, [new TouchpointDefinition("Support call", "phone", true, "care@example.com", ["support_call"])])]));
        Gen.OneOf(Soup("name", "stages", "touchpoints", "channel", "events", "momentOfTruth", "owner", "persona", "state"), Mutated(valid)).Sample(json =>
        {
            var problems = new List<string>();
            JourneyDefinition? imported = null;
            Never(() => imported = JourneyJson.Import(json, problems));
            Assert.True(imported is not null || problems.Count > 0);
        }, iter: 3000);
    }

    /// <summary>The words, operators and quotes the small rule languages use, and noise.</summary>
    private static readonly string[] RuleWords =
    [
        "nps", "ces", "csat", "touchpoint", "theme", "source", "sentiment", "segment", "and", "or", "not", "=", "<=", ">=", "<", ">", "!=",
        "6", "-1", "1e99", "\"Billing and price\"", "'x'", "\"", "(", ")", "{nps}", "notempty", "\u0000", "\ud800", new string('9', 400),
    ];

    private static readonly Gen<string> RuleSoup = Gen.Int[0, RuleWords.Length - 1].Select(i => RuleWords[i]).Array[0, 30].Select(tokens => string.Join(' ', tokens));

    [Fact]
    public void CaseRulesAndBranchingConditions_FromAnyText_ParseOrSayWhy()
    {
        Gen.OneOf(RuleSoup, Gen.String[Gen.Char, 0, 200]).Sample(text =>
        {
            var problems = new List<string>();
            CaseCondition? rule = null;
            Never(() => rule = CaseConditionParser.Parse(text, problems));
            Assert.True(rule is not null || problems.Count > 0, $"'{text}' gave neither a rule nor a reason");
            string? error = null;
            Never(() => Condition.Parse(text, out error));
        }, iter: 4000);
    }

    [Fact]
    public void MetricQueriesFunnelsAndThemeRules_FromAnyText_ParseOrSayWhy()
    {
        var text = Gen.OneOf(RuleSoup, Gen.String[Gen.Char, 0, 120], Value);
        Gen.Select(text, text, text, text).Sample(t =>
        {
            var errors = new List<ItemError>();
            MetricQuery? query = null;
            Never(() => query = MetricQuery.Parse(t.Item1, t.Item2, t.Item3, t.Item4, t.Item1, t.Item2, t.Item3, t.Item4, errors));
            Assert.True(query is not null || errors.Count > 0);
            string? error = null;
            Never(() => FunnelDefinition.Parse(PathLevel.Touchpoint, t.Item1, t.Item2, null, null, out error));
            var themes = new[] { new ThemeDefinition(t.Item3, [t.Item4, t.Item1]) };
            Never(() =>
            {
                if (ThemeTaxonomy.Validate(themes).Count == 0)
                {
                    ThemeTaxonomy.Compile(themes);
                }
            });
        }, iter: 3000);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void DeeplyNestedDocuments_AreRefusedNotOverflowed(int depth)
    {
        var nested = new string('[', depth) + new string(']', depth);
        var wrapped = "{\"pages\":" + nested + "}";
        foreach (var json in new[] { nested, wrapped, "{\"name\":\"x\",\"stages\":" + nested + "}" })
        {
            var problems = new List<string>();
            Never(() => Assert.Null(SurveyJson.Import(json, problems)));
            Assert.NotEmpty(problems);
            problems.Clear();
            Never(() => Assert.Null(JourneyJson.Import(json, problems)));
            Assert.NotEmpty(problems);
        }
    }

    [Fact]
    public void TenMegabyteStrings_AreReadOrRefused_WithoutAHang()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        var problems = new List<string>();
        Never(() => SurveyJson.Import($$"""{"title":"{{huge}}","pages":[{"elements":[{"type":"rating","name":"{{huge}}","rateMin":0,"rateMax":10}]}]}""", problems));
        Never(() => JourneyJson.Import($$"""{"name":"{{huge}}","stages":[]}""", problems));
        Never(() => CaseConditionParser.Parse(huge, problems));
        using var document = JsonDocument.Parse($$"""{"id":"{{huge}}","customerId":"c1","name":"x","timestamp":"2026-11-01T00:00:00Z"}""");
        var errors = new List<ItemError>();
        Never(() => TrackEvent.Read(document.RootElement, 0, errors));
    }
}
