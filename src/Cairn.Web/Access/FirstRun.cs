using System.Security.Cryptography;
using Cairn.Storage;

namespace Cairn.Web.Access;

/// <summary>
/// On the first start of a database without an admin: the first admin (password from CAIRN_ADMIN_PASSWORD,
/// or generated and printed once), and on every start the CAIRN_API_KEY key, if given.
/// </summary>
public static class FirstRun
{
    public static async Task PrepareAsync(CairnStore store, long workspaceId, CairnWebOptions options)
    {
        if (await store.CountAdminsAsync() == 0)
        {
            var password = options.AdminPassword;
            var generated = string.IsNullOrEmpty(password);
            if (generated)
            {
                password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
            }

            await store.CreateUserAsync(options.AdminEmail, AccountEndpoints.HashPassword(options.AdminEmail.ToLowerInvariant(), password!), workspaceId, "admin");
            await options.Console.WriteLineAsync(generated
                ? $"First admin created: {options.AdminEmail} with password {password} (shown once; set CAIRN_ADMIN_PASSWORD to choose it)"
                : $"First admin created: {options.AdminEmail} (password from CAIRN_ADMIN_PASSWORD)");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            await store.AddApiKeyAsync(workspaceId, "CAIRN_API_KEY", "admin", options.ApiKey.Trim());
        }
    }
}
