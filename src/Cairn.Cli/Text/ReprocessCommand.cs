using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Storage;
using Spectre.Console;

namespace Cairn.Cli.Text;

/// <summary>
/// <c>cairn reprocess</c>: re-reads every stored feedback text with the workspace's current
/// taxonomy and model (after editing themes), with a progress bar. While a server holds the
/// DuckDB file, the server does the work.
/// </summary>
public static class ReprocessCommand
{
    public static Command Create()
    {
        var command = new Command("reprocess", "Re-analyse every stored feedback text (sentiment, themes, emotions) after a taxonomy or model change.") { Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var location = Settings.Storage(parse);
            if (ServerInfo.Find(location) is { } server)
            {
                using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromHours(1) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
                Console.Out.WriteLine($"asking the server at {server.Url} to reprocess…");
                using var answer = await http.PostAsync("api/v1/text/reprocess", null, cancellationToken);
                var body = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                if (!answer.IsSuccessStatusCode)
                {
                    throw new UsageException(body.TryGetProperty("detail", out var detail) ? detail.GetString()! : $"the server answered {(int)answer.StatusCode}");
                }

                Console.Out.WriteLine($"reprocessed {body.GetProperty("processed").GetInt64():N0} feedback texts");
                return 0;
            }

            await using var store = CairnStore.Open(location);
            var workspaces = await store.ListWorkspacesAsync();
            if (workspaces.Count == 0)
            {
                throw new UsageException($"{location} has no workspace yet; run `cairn demo` or import data first");
            }

            foreach (var workspace in workspaces)
            {
                var done = 0L;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape($"{workspace.Name}: reprocessing feedback"));
                        done = await store.ReprocessTextAsync(workspace.Id, new Reporter(task), cancellationToken);
                    });
                Console.Out.WriteLine($"{workspace.Name}: reprocessed {done:N0} feedback texts");
            }

            return 0;
        });
        return command;
    }

    private sealed class Reporter(ProgressTask task) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
