using System.CommandLine;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Web;

namespace Cairn.Cli;

/// <summary>
/// Options shared by the verbs, read from flags first and then the environment
/// (DESIGN.md, "Public surface": CAIRN_DB, ASPNETCORE_URLS, CAIRN_ADMIN_EMAIL, CAIRN_ADMIN_PASSWORD, CAIRN_API_KEY).
/// </summary>
public static class Settings
{
    public static readonly Option<string?> Db = new("--db") { Description = "DuckDB file path or PostgreSQL connection string [env: CAIRN_DB; default ./data/cairn.duckdb]" };
    public static readonly Option<string?> Urls = new("--urls") { Description = "Address to listen on [env: ASPNETCORE_URLS; default http://127.0.0.1:5080]" };
    public static readonly Option<string?> IndustryOption = new("--industry") { Description = $"Industry of a new workspace, which picks its default benchmarks: {Industries.AllKeys}" };

    public static StorageLocation Storage(ParseResult parse) =>
        StorageLocation.Parse(parse.GetValue(Db) ?? Environment.GetEnvironmentVariable("CAIRN_DB"));

    public static CairnWebOptions Web(ParseResult parse, TextWriter console, Industry defaultIndustry = Industry.Technology, string? defaultPassword = null)
    {
        var industryText = parse.GetValue(IndustryOption);
        var industry = defaultIndustry;
        if (industryText is not null && !Industries.TryParse(industryText, out industry))
        {
            throw new UsageException($"unknown industry '{industryText}'; use one of {Industries.AllKeys}");
        }

        var urls = parse.GetValue(Urls) ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        return new CairnWebOptions
        {
            Storage = Storage(parse),
            Urls = string.IsNullOrWhiteSpace(urls) ? "http://127.0.0.1:5080" : urls,
            Industry = industry,
            AdminEmail = Environment.GetEnvironmentVariable("CAIRN_ADMIN_EMAIL") is { Length: > 0 } email ? email : "admin@cairn.local",
            AdminPassword = Environment.GetEnvironmentVariable("CAIRN_ADMIN_PASSWORD") is { Length: > 0 } password ? password : defaultPassword,
            ApiKey = Environment.GetEnvironmentVariable("CAIRN_API_KEY"),
            Smtp = Smtp(),
            PublicUrl = PublicUrl(),
            Console = console,
        };
    }

    /// <summary>CAIRN_PUBLIC_URL: the address customers reach this Cairn at, written into the links of messages.</summary>
    private static string? PublicUrl()
    {
        if (Environment.GetEnvironmentVariable("CAIRN_PUBLIC_URL") is not { Length: > 0 } url)
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/"
            ? url.TrimEnd('/')
            : throw new UsageException($"CAIRN_PUBLIC_URL must be an http(s) address without a path, such as https://cx.example.com, not '{url}'");
    }

    /// <summary>CAIRN_SMTP_HOST turns mail on; _PORT (default 587), _USER, _PASSWORD and _FROM (required with a host) complete it.</summary>
    private static SmtpSettings? Smtp()
    {
        if (Environment.GetEnvironmentVariable("CAIRN_SMTP_HOST") is not { Length: > 0 } host)
        {
            return null;
        }

        var portText = Environment.GetEnvironmentVariable("CAIRN_SMTP_PORT");
        var port = 587;
        if (portText is { Length: > 0 } && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65_535))
        {
            throw new UsageException($"CAIRN_SMTP_PORT must be a port number, not '{portText}'");
        }

        var from = Environment.GetEnvironmentVariable("CAIRN_SMTP_FROM");
        if (from is not { Length: > 0 } || !MimeKit.MailboxAddress.TryParse(from, out _))
        {
            throw new UsageException("CAIRN_SMTP_FROM must be the sender's address when CAIRN_SMTP_HOST is set");
        }

        return new SmtpSettings(host, port, Environment.GetEnvironmentVariable("CAIRN_SMTP_USER"), Environment.GetEnvironmentVariable("CAIRN_SMTP_PASSWORD"), from);
    }
}

/// <summary>Bad input from the person at the keyboard: printed as one line, exit code 1.</summary>
public sealed class UsageException(string message) : Exception(message);
