using Cairn.Core.Journeys.Paths;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Cairn.Testing;

namespace Cairn.Cli.Tests;

/// <summary>
/// <c>cairn import eventlog FILE</c> run as a real process on the process-mining running example:
/// the XES and the CSV export of the same log import to the directly-follows graph pm4py wrote
/// independently, and the second file adds nothing (same case, same position, same event).
/// </summary>
public sealed class EventLogImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheRunningExample_FromXesThenCsv_GivesTheReferenceGraph_Once()
    {
        var db = _directory.File("cairn.duckdb");
        await using (var created = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db)))
        {
            await created.EnsureWorkspaceAsync("log", Industry.Technology);
        }

        var xes = await CairnProcess.RunAsync(["import", "eventlog", Path.Combine(RunningExample.Folder, "running-example.xes"), "--db", db]);
        Assert.True(xes.Exit == 0, xes.Error);
        Assert.Contains("6 cases identified as customers", xes.Error, StringComparison.Ordinal);
        var csv = await CairnProcess.RunAsync(["import", "eventlog", Path.Combine(RunningExample.Folder, "running-example.csv"), "--db", db]);
        Assert.True(csv.Exit == 0, csv.Error);
        Assert.Matches(@"│ 42\s+│ 0\s+│ 42\s+│ 0\s+│", csv.Out); // read 42, accepted 0, already stored 42

        await using var store = CairnStore.Open(new StorageLocation(StorageEngine.DuckDb, db));
        var workspace = (await store.ListWorkspacesAsync())[0].Id;
        var dfg = await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));
        var expected = RunningExample.ReadDfg();
        Assert.Equal((6L, 42L), (dfg.Customers, dfg.Steps));
        Assert.Equal(expected.Starts, dfg.Starts.ToDictionary(s => s.Name, s => s.Count));
        Assert.Equal(expected.Ends, dfg.Ends.ToDictionary(s => s.Name, s => s.Count));
        Assert.Equal(expected.Edges, dfg.Edges.ToDictionary(e => (e.From, e.To), e => e.Count));
        Assert.Contains(await store.TimelineAsync(workspace, "3", null, 100), t => t.Kind == "event" && t.Title == "register request"); // case 3 is a customer now
    }

    [Fact]
    public async Task ABrokenLog_IsOneLineAndExitCode1_AndALogWithBadEvents_SaysWhichAndKeepsTheRest()
    {
        var db = _directory.File("bad.duckdb");
        var noColumns = _directory.File("no-columns.csv");
        await File.WriteAllTextAsync(noColumns, "who,what\n1,login\n");
        var (exit, _, error) = await CairnProcess.RunAsync(["import", "eventlog", noColumns, "--db", db]);
        Assert.Equal(1, exit);
        Assert.StartsWith("cairn: an event log CSV needs a case column", error.Trim(), StringComparison.Ordinal);

        var mixed = _directory.File("mixed.xes");
        await File.WriteAllTextAsync(mixed, """
            <?xml version="1.0" encoding="UTF-8"?>
            <log xes.version="1.0">
              <trace><string key="concept:name" value="c1"/>
                <event><string key="concept:name" value="open"/><date key="time:timestamp" value="2026-01-01T10:00:00+01:00"/></event>
                <event><string key="concept:name" value="close"/><date key="time:timestamp" value="yesterday"/></event>
                <event><string key="concept:name" value="close"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2026-01-01T11:00:00Z"/></event>
                <event><string key="concept:name" value="close"/><date key="time:timestamp" value="2026-01-01T12:00:00Z"/></event>
              </trace>
            </log>
            """);
        var (okExit, output, warnings) = await CairnProcess.RunAsync(["import", "eventlog", mixed, "--db", db]);
        Assert.True(okExit == 0, warnings);
        Assert.Matches(@"│ 2\s+│ 2\s+│ 0\s+│ 1\s+│", output); // two complete events stored, the undated one refused, the "start" one left out
        Assert.Contains("trace 1, event 2: no time, or not an ISO 8601 time: 'yesterday'", warnings, StringComparison.Ordinal);

        var doctype = _directory.File("entity.xes");
        await File.WriteAllTextAsync(doctype, """<?xml version="1.0"?><!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd">]><log><trace><event/></trace></log>""");
        var (dtdExit, _, dtdError) = await CairnProcess.RunAsync(["import", "eventlog", doctype, "--db", db]);
        Assert.Equal(1, dtdExit);
        Assert.Contains("not well-formed XES", dtdError, StringComparison.Ordinal);
    }
}
