using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Access;

/// <summary>
/// ASP.NET Core's built-in rate limiter on the endpoints anyone can reach. Password guessing: at
/// most <see cref="AttemptsPerMinute"/> sign-in attempts per client address per minute, then the
/// browser goes back to the sign-in page with a message. Public survey pages and the widget's
/// survey decision (called from customers' browsers with a public ingest key): at most
/// <see cref="SurveyRequestsPerMinute"/> requests per address per minute, then 429. Both send Retry-After.
/// </summary>
public static class SignInThrottle
{
    public const string Policy = "sign-in";

    public const string SurveyPolicy = "public-survey";

    public const int AttemptsPerMinute = 10;

    /// <summary>A person answering a survey needs a handful; a whole office behind one address, a few dozen.</summary>
    public const int SurveyRequestsPerMinute = 120;

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services, int surveyRequestsPerMinute = SurveyRequestsPerMinute) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(SurveyPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = surveyRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase))
                {
                    response.StatusCode = StatusCodes.Status303SeeOther;
                    response.Headers.Location = "/login?throttled=1";
                    return;
                }

                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    await response.WriteAsJsonAsync(new
                    {
                        type = "https://tools.ietf.org/html/rfc6585#section-4", title = "Too many requests", status = 429,
                        detail = "too many requests from this address; wait for Retry-After seconds, then try again",
                    }, options: null, contentType: "application/problem+json", cancellationToken);
                    return;
                }

                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("Too many requests from this address. Wait a minute, then try again; nothing you already saved is lost.", cancellationToken);
            };
        });
}
