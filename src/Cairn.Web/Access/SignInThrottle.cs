using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Access;

/// <summary>
/// Password guessing is slowed by ASP.NET Core's built-in rate limiter: at most
/// <see cref="AttemptsPerMinute"/> sign-in attempts per client address per minute. Past that the
/// browser is sent back to the sign-in page with a message and a Retry-After header.
/// </summary>
public static class SignInThrottle
{
    public const string Policy = "sign-in";

    public const int AttemptsPerMinute = 10;

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                var response = context.HttpContext.Response;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.StatusCode = StatusCodes.Status303SeeOther;
                response.Headers.Location = "/login?throttled=1";
                return ValueTask.CompletedTask;
            };
        });
}
