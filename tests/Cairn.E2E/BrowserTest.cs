using Cairn.Cli.Demo;
using Cairn.Storage;
using Cairn.Testing;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// What every browser test needs: a DuckDB file (seeded by <see cref="SeedAsync"/> before the
/// server opens it), a real <c>cairn serve</c> process on it, and Debian's Chromium.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected TempDirectory Directory { get; } = new();

    protected ServerProcess Server { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    private IPlaywright _playwright = null!;

    /// <summary>Fills the database before the server starts; nothing by default.</summary>
    protected virtual Task SeedAsync(string db) => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        var db = Directory.File(GetType().Name + ".duckdb");
        await SeedAsync(db);
        Server = new ServerProcess(db, "cairn_e2e_key");
        await Server.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Server.Dispose();
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The demo workspace with <paramref name="customers"/> customers (same seed every time).</summary>
    protected static async Task<CairnStore> DemoAsync(string db, int customers = 3_000)
    {
        var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        await DemoWorkspace.GenerateAsync(store, customers, 42, _ => { }, CancellationToken.None);
        return store;
    }

    /// <summary>Collects the page's console errors and uncaught exceptions, so a test can insist there are none.</summary>
    protected static List<string> ScriptErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
