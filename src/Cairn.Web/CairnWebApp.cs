using System.Text.Json;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Audits;
using Cairn.Web.Customers;
using Cairn.Web.Employees;
using Cairn.Web.Insights;
using Cairn.Web.Reviews;
using Cairn.Web.Strategy;
using Cairn.Web.Maturity;
using Cairn.Web.Outbound;
using Cairn.Web.Cases;
using Cairn.Web.Initiatives;
using Cairn.Web.Priorities;
using Cairn.Web.Components;
using Cairn.Web.Drivers;
using Cairn.Web.Http;
using Cairn.Web.Ingestion;
using Cairn.Web.Journeys;
using Cairn.Web.Metrics;
using Cairn.Web.Stats;
using Cairn.Web.Surveys;
using Cairn.Web.Text;
using Cairn.Web.Widget;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Cairn.Web;

/// <summary>Builds the ASP.NET Core host that <c>cairn serve</c> runs: API, pages, auth, health and docs.</summary>
public static class CairnWebApp
{
    /// <summary>Opens the store (migrating it), prepares the workspace and first admin, and builds the app.</summary>
    public static async Task<WebApplication> BuildAsync(CairnWebOptions options, string[]? args = null)
    {
        var store = CairnStore.Open(options.Storage);
        WorkspaceRow workspace;
        try
        {
            workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first : await store.EnsureWorkspaceAsync(options.WorkspaceName, options.Industry);
            await FirstRun.PrepareAsync(store, workspace.Id, options);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(CairnWebApp).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Http.JsonBody.MaxBytes + 1024 * 1024; // our own 10 MB check answers first, with a clear message
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new LocalAccess(workspace.Id));
        services.AddSingleton(options);
        services.AddMemoryCache();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        services.AddAntiforgery();
        services.AddSignInThrottle(options.SurveyRequestsPerMinute);
        services.AddWidgetCors();
        services.AddHostedService<CaseSweeper>();
        services.AddHostedService<TriggerSweeper>();
        services.AddHostedService<PathIndexSweeper>();
        services.AddHostedService<ScoreRollupSweeper>();
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<WebhookSender>();
        services.AddHostedService<AlertSweeper>();
        services.AddHostedService<RetentionSweeper>();
        services.AddHostedService<HealthSweeper>();
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();

        services.AddAuthentication(CairnClaims.SelectorScheme)
            .AddPolicyScheme(CairnClaims.SelectorScheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = c => c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? CairnClaims.ApiKeyScheme
                    : CairnClaims.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(CairnClaims.ApiKeyScheme, null)
            .AddCookie(CairnClaims.CookieScheme, o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "cairn.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnRedirectToLogin = c => ApiAware(c.HttpContext, c.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => ApiAware(c.HttpContext, c.RedirectUri, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            });
        // [Authorize] alone (the pages) means the read scope: an ingest-only key, the one a web page
        // embeds for the widget, must never open a page of customer data.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(CairnClaims.Scope, "read", "admin").Build())
            .AddPolicy(CairnClaims.IngestPolicy, p => p.RequireAuthenticatedUser().RequireClaim(CairnClaims.Scope, "ingest", "admin"))
            .AddPolicy(CairnClaims.ReadPolicy, p => p.RequireAuthenticatedUser().RequireClaim(CairnClaims.Scope, "read", "admin"))
            .AddPolicy(CairnClaims.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(CairnClaims.Scope, "admin"))
            .AddPolicy(CairnClaims.CaseWorkPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.HasClaim(CairnClaims.Scope, "admin") || c.User.IsInRole("analyst") || c.User.IsInRole("case_owner")))
            .AddPolicy(CairnClaims.PlanPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.HasClaim(CairnClaims.Scope, "admin") || c.User.IsInRole("analyst")));

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();

        app.MapGet("/healthz", async (CairnStore s) =>
        {
            await s.ListWorkspacesAsync();
            return TypedResults.Ok(new { status = "ok" });
        }).WithTags("Operations").WithName("Health").WithSummary("Answers 200 when the server and its database answer.");
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Cairn API"));
        app.MapGet("/app.css", () => Results.Text(Assets.Css, "text/css")).ExcludeFromDescription();
        app.MapGet("/assets/survey.css", () => Results.Text(Assets.SurveyCss, "text/css")).ExcludeFromDescription();
        app.MapGet("/assets/charts.js", () => Results.Text(Assets.ChartsJs, "text/javascript")).ExcludeFromDescription();
        app.MapGet("/assets/echarts.min.js", (HttpContext c) =>
        {
            c.Response.Headers.CacheControl = "public, max-age=604800";
            return Results.Text(Assets.EChartsJs, "text/javascript");
        }).ExcludeFromDescription();
        app.MapAccount();
        app.MapThemeForms();
        app.MapJourneyForms();
        app.MapCaseForms();
        app.MapPriorityForms();
        app.MapInitiativeForms();
        app.MapAuditForms();
        app.MapResponseImportForm();
        app.MapMaturityForms();
        app.MapOutboundForms();
        app.MapCustomerPrivacyForms();
        app.MapAccessForms();
        app.MapRetentionForms();
        app.MapHealthForms();
        app.MapPersonaForms();
        app.MapEmployeeVoiceForms();
        app.MapStrategyForms();
        app.MapInsightForms();
        app.MapLoopCampaignForms();
        app.MapSurveyPages();
        app.MapUnsubscribePages();
        app.MapCustomerLinkPages();
        app.MapConsentForms();
        app.MapOpportunityForms();

        var api = app.MapGroup("/api/v1");
        api.MapIngestionApi();
        api.MapStatsApi();
        api.MapMetricsApi();
        api.MapTextApi();
        api.MapDriversApi();
        api.MapJourneysApi();
        api.MapJourneyExportApi();
        api.MapOpportunityApi();
        api.MapSurveyTriggerApi();
        api.MapSurveysApi();
        api.MapResponseImportApi();
        api.MapCasesApi();
        api.MapPrioritiesApi();
        api.MapInitiativesApi();
        api.MapAuditsApi();
        api.MapAuditReportApi();
        api.MapMaturityApi();
        api.MapOutboundApi();
        api.MapCustomersApi();
        api.MapCustomerPrivacyApi();
        api.MapAccessApi();
        api.MapRetentionApi();
        api.MapHealthApi();
        api.MapPersonasApi();
        api.MapCohortsApi();
        api.MapConsentApi();
        api.MapEmployeeVoiceApi();
        api.MapStrategyApi();
        api.MapReviewReportApi();
        api.MapInsightsApi();
        api.MapLoopCampaignApi();
        app.MapWidget(api);

        app.MapRazorComponents<App>();
        app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>Infrastructure faults are 503 (try again); anything else is a bug, 500.</summary>
    private static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        System.Data.Common.DbException or TimeoutException or IOException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>API callers get 401/403 problem details; people get sent to the sign-in page.</summary>
    private static Task ApiAware(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = status == 401 ? "Unauthorized" : "Forbidden", Detail = status == 401 ? "send Authorization: Bearer <api key>" : "this key or user may not do that" },
            }).AsTask();
        }

        context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
