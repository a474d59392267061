using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Cairn.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cairn.Web.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. Keys are looked up by their SHA-256 hash; a found key is
/// cached for a minute so a busy ingestion client costs one database read a minute, not one a request.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CairnStore store,
    IMemoryCache cache,
    LocalAccess local)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Where a found key is cached, by its hash: revoking a key removes it here so it stops working at once.</summary>
    public static string CacheKey(string keyHash) => "apikey:" + keyHash;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("malformed API key");
        }

        ApiKeyRow? row;
        if (local.Matches(key))
        {
            row = local.Row;
        }
        else
        {
            var cacheKey = CacheKey(CairnStore.HashKey(key));
            if (!cache.TryGetValue(cacheKey, out row))
            {
                row = await store.FindApiKeyAsync(key);
                if (row is not null)
                {
                    cache.Set(cacheKey, row, TimeSpan.FromMinutes(1));
                }
            }
        }

        if (row is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "api-key:" + row.Prefix),
            new Claim(CairnClaims.Workspace, row.WorkspaceId.ToString(CultureInfo.InvariantCulture)),
            new Claim(CairnClaims.Scope, row.Scope),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

/// <summary>
/// A key that exists only in this server process, for the CLI on the same machine: DuckDB lets one
/// process write a file, so <c>cairn import</c> sends through the running server with this key,
/// which the server writes (owner-only) beside the database file while it runs.
/// </summary>
public sealed class LocalAccess
{
    private readonly string _hash;

    public LocalAccess(long workspaceId)
    {
        Key = CairnStore.NewApiKey();
        _hash = CairnStore.HashKey(Key);
        Row = new ApiKeyRow(0, workspaceId, "local CLI", Key[..8], "admin");
    }

    public string Key { get; }

    public ApiKeyRow Row { get; }

    public bool Matches(string key) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(CairnStore.HashKey(key)), System.Text.Encoding.ASCII.GetBytes(_hash));
}
