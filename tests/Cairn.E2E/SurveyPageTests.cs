using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A customer answers the relationship NPS on a phone with JavaScript off, in German: score,
/// then the follow-up; submits twice; the workspace holds one response and its comment is shown
/// as text in the feedback explorer.
/// </summary>
public sealed class SurveyPageTests : BrowserTest
{
    [Fact]
    public async Task Respondent_AnswersOnAPhoneWithoutJavaScript_AndADoubleSubmitCountsOnce()
    {
        using var api = Server.NewClient();
        var created = await api.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        var survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var phone = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "de-DE",
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{Server.Url}/s/{survey}");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-survey-phone.png"), FullPage = true });

        // Keyboard and label work: the score is chosen through its label, like a tap.
        await page.GetByText("9", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        var why = page.GetByLabel("Was ist der wichtigste Grund für Ihre Bewertung?");
        await why.FillAsync("<img src=x id=injected> Schnelles Netz, freundlicher Support!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Absenden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vielen Dank! Ihre Antwort wurde gespeichert.");

        // Back to the form and submit again, as an impatient respondent would.
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Absenden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vielen Dank! Ihre Antwort wurde gespeichert.");

        var surveys = await api.GetFromJsonAsync<JsonElement>("/api/v1/surveys");
        var row = surveys.EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == survey);
        Assert.Equal(1, row.GetProperty("complete").GetInt64());
        var nps = await api.GetFromJsonAsync<JsonElement>("/api/v1/metrics/nps?minN=1");
        Assert.Equal(1, nps.GetProperty("n").GetInt64());
        Assert.Equal(100, nps.GetProperty("value").GetDouble());

        // The comment is feedback now, shown as text to the analyst.
        var analyst = await Chromium.SignedInPageAsync(Browser, Server);
        await analyst.GotoAsync(Server.Url + "/feedback?source=survey_comment");
        await Assertions.Expect(analyst.Locator(".verbatim .text")).ToContainTextAsync("<img src=x id=injected> Schnelles Netz");
        Assert.Equal(0, await analyst.Locator("#injected").CountAsync());

        await analyst.GetByRole(AriaRole.Link, new() { Name = "Surveys", Exact = true }).ClickAsync();
        var listed = analyst.Locator($"tr[data-survey='{survey}'] td");
        await Assertions.Expect(listed.Nth(5)).ToHaveTextAsync("1");
        await Assertions.Expect(listed.Nth(6)).ToHaveTextAsync("0");
        await analyst.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-surveys.png"), FullPage = true });

        // Its results: the score distribution counted in SQL, and "too few" rather than an NPS from one answer.
        await analyst.GetByRole(AriaRole.Link, new() { Name = "Relationship NPS" }).ClickAsync();
        await Assertions.Expect(analyst.Locator("section[data-question=nps] [data-estimate]")).ToContainTextAsync("too few responses (n = 1");
        await Assertions.Expect(analyst.Locator("section[data-question=nps] table.distribution tbody td").Nth(10)).ToHaveTextAsync("1");
        await Assertions.Expect(analyst.Locator(".chart[data-drawn=true] svg")).ToBeVisibleAsync();
        var responses = analyst.Locator("table.responses tbody tr");
        await Assertions.Expect(responses).ToHaveCountAsync(1);
        await Assertions.Expect(responses.First).ToContainTextAsync("nps: 9 · why: <img src=x id=injected> Schnelles Netz");
        Assert.Equal(0, await analyst.Locator("#injected").CountAsync());
        await analyst.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-survey-results.png"), FullPage = true });
        await analyst.GetByRole(AriaRole.Link, new() { Name = "partial (started, not finished)" }).ClickAsync();
        await Assertions.Expect(analyst.GetByRole(AriaRole.Heading, new() { Name = "Responses: 0 partial" })).ToBeVisibleAsync();
        await Assertions.Expect(responses).ToHaveCountAsync(0);
    }

    /// <summary>
    /// An admin builds a bilingual NPS with a follow-up shown only to detractors in the builder,
    /// previews it (the form keeps what was typed), creates it, and a German respondent is asked
    /// the follow-up after a low score.
    /// </summary>
    [Fact]
    public async Task Builder_MakesABilingualNpsWithABranchedFollowUp_PreviewsIt_AndTheHostedPageAsksIt()
    {
        var admin = await Chromium.SignedInPageAsync(Browser, Server);
        await admin.GotoAsync(Server.Url + "/surveys");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Build a survey" }).ClickAsync();
        await admin.FillAsync("input[name='Form.Draft.Name']", "Pulse NPS");
        await admin.FillAsync("input[name='Form.Draft.Title']", "Quick question");
        await admin.FillAsync("textarea[name='Form.Draft.TitleTranslations']", "de: Kurze Frage");
        await admin.FillAsync("input[name='Form.Draft.Questions[0].Id']", "nps");
        await admin.FillAsync("input[name='Form.Draft.Questions[0].Title']", "How likely are you to recommend us?");
        await admin.FillAsync("textarea[name='Form.Draft.Questions[0].Translations']", "de: Wie wahrscheinlich empfehlen Sie uns weiter?");
        await admin.CheckAsync("input[name='Form.Draft.Questions[0].Required']");
        await admin.FillAsync("input[name='Form.Draft.Questions[1].Id']", "why");
        await admin.FillAsync("input[name='Form.Draft.Questions[1].Title']", "What should we fix first?");
        await admin.FillAsync("textarea[name='Form.Draft.Questions[1].Translations']", "de: Was sollten wir zuerst verbessern?");
        await admin.FillAsync("input[name='Form.Draft.Questions[1].ShowIf']", "{nps} <= 6");
        await admin.FillAsync("input[name='Form.PreviewLocale']", "de");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        var preview = admin.FrameLocator("iframe[title='Survey preview']");
        await Assertions.Expect(preview.GetByRole(AriaRole.Group, new() { Name = "Wie wahrscheinlich empfehlen Sie uns weiter?" })).ToBeVisibleAsync();
        await Assertions.Expect(preview.GetByLabel("Was sollten wir zuerst verbessern?")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("input[name='Form.Draft.Questions[1].ShowIf']")).ToHaveValueAsync("{nps} <= 6");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-survey-builder.png"), FullPage = true });

        // A mistake is named and nothing is created; fixed, the survey is.
        await admin.FillAsync("input[name='Form.Draft.Questions[1].ShowIf']", "{later} <= 6");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the survey" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("'later' is not an earlier question");
        await admin.FillAsync("input[name='Form.Draft.Questions[1].ShowIf']", "{nps} <= 6");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the survey" }).ClickAsync();
        await admin.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/surveys/[0-9]+$"));
        var survey = long.Parse(admin.Url[(admin.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        await using var respondent = await Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "de-DE" });
        var page = await respondent.NewPageAsync();
        await page.GotoAsync($"{Server.Url}/s/{survey}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kurze Frage" })).ToBeVisibleAsync();
        await page.GetByText("3", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await page.GetByLabel("Was sollten wir zuerst verbessern?").FillAsync("Die Wartezeit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Absenden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Vielen Dank! Ihre Antwort wurde gespeichert.");
    }

    /// <summary>An admin imports another tool's export on the survey page: the report names the refused line, the counts and the list show the rest.</summary>
    [Fact]
    public async Task AnAdmin_ImportsAnExportOnTheSurveyPage_AndSeesTheReport()
    {
        using var api = Server.NewClient();
        var created = await api.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        var survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var file = Path.Combine(Directory.Path, "export.csv");
        await File.WriteAllTextAsync(file, "id,completed_at,Q1,Q2\nx1,2025-02-01T10:00:00Z,10,<b>Loved</b> the app\nx2,2025-02-02T10:00:00Z,3,Slow refund\nx3,2025-02-03T10:00:00Z,12,\n");

        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var errors = ScriptErrors(page);
        await page.GotoAsync($"{Server.Url}/surveys/{survey}");
        var import = page.GetByRole(AriaRole.Region, new() { Name = "Import responses" });
        await import.Locator("input[type=file]").SetInputFilesAsync(file);
        await import.GetByLabel("Columns to questions (optional)").FillAsync("Q1=nps,Q2=why");
        await import.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("export.csv: 3 rows read, 2 imported, 0 already stored, 1 refused. Line 4: nps: must be a whole number from 0 to 10.");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Responses" }).Locator("tr[data-response]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-response='x1']")).ToContainTextAsync("<b>Loved</b> the app");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-survey-import.png"), FullPage = true });

        // A file that answers no question is refused whole, with the reason; nothing more is stored.
        var wrong = Path.Combine(Directory.Path, "wrong.csv");
        await File.WriteAllTextAsync(wrong, "id,score\nw1,5\n");
        import = page.GetByRole(AriaRole.Region, new() { Name = "Import responses" });
        await import.Locator("input[type=file]").SetInputFilesAsync(wrong);
        await import.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong.csv: no column answers a question of the survey");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Responses" }).Locator("tr[data-response]")).ToHaveCountAsync(2);
        Assert.Empty(errors);
    }
}
