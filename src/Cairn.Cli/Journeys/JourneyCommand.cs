using Cairn.Web.Http;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Core.Journeys;
using Cairn.Core.Journeys.Paths;
using Cairn.Storage;
using Cairn.Web.Audits;
using Cairn.Web.Journeys;
using Spectre.Console;

namespace Cairn.Cli.Journeys;

/// <summary>
/// <c>cairn journey</c>: lists journeys; <c>map</c>, <c>paths</c> and <c>funnel</c> print what the
/// API returns for them; <c>export</c> and <c>import</c> move map definitions as JSON.
/// </summary>
public static class JourneyCommand
{
    public static Command Create()
    {
        var command = new Command("journey", "Journey maps and journey analytics: list, map, paths, funnel, flow, export, diff, import.") { Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var journeys = await new ServerOrStore(Settings.Storage(parse)).GetAsync<List<JourneySummary>>("journeys", async (s, w) => (await s.JourneysAsync(w)).ToList(), cancellationToken);
            var table = new Table().AddColumns("id", "name", "persona", "state", "version", "stages", "touchpoints");
            foreach (var j in journeys)
            {
                table.AddRow(Cell(j.Id), Markup.Escape(j.Name), Markup.Escape(j.PersonaId ?? ""), j.State, Cell(j.Version), Cell(j.Stages), Cell(j.Touchpoints));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        command.Subcommands.Add(MapCommand());
        command.Subcommands.Add(PathsCommand());
        command.Subcommands.Add(FunnelCommand());
        command.Subcommands.Add(FlowCommand());
        command.Subcommands.Add(ExportCommand());
        command.Subcommands.Add(DiffCommand());
        command.Subcommands.Add(ImportCommand());
        return command;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Argument<string> JourneyArgument = new("journey") { Description = "The journey's id or name" };
    private static readonly Option<string> LevelOption = new("--level") { Description = "What a step is: touchpoint, stage or event", DefaultValueFactory = _ => "touchpoint" };
    private static readonly Option<string?> FromOption = new("--from") { Description = "Only events at or after this UTC date" };
    private static readonly Option<string?> ToOption = new("--to") { Description = "Only events before this UTC date" };

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    private static Command MapCommand()
    {
        var command = new Command("map", "The journey map filled with data: each touchpoint's volume, scores, sentiment, themes and churn lift, and the pain points the data shows.")
            { JourneyArgument, FromOption, ToOption, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            var (from, to) = Dates(parse);
            var map = await source.GetAsync($"journeys/{id}/map?{Query(("from", parse.GetValue(FromOption)), ("to", parse.GetValue(ToOption)))}",
                async (s, w) => (await JourneyMapService.MapAsync(s, w, id, from, to))!, cancellationToken);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(map.Journey.Name)}[/] ({map.Journey.State}), journey NPS {Value(map.Nps, "+0;-0;0")}");
            var table = new Table().AddColumns("stage", "touchpoint", "customers", "NPS", "CSAT %", "CES", "sentiment", "top theme", "churn lift");
            foreach (var stage in map.Stages)
            {
                foreach (var t in stage.Touchpoints)
                {
                    var d = t.Data;
                    table.AddRow(Markup.Escape(stage.Name), Markup.Escape(t.Name + (t.MomentOfTruth ? " ★" : "")), Cell(d.Customers), Value(d.Nps, "+0;-0;0"), Value(d.Csat, "0"), Value(d.Ces, "0.0"),
                        Value(d.Sentiment, "+0.00;-0.00"), Markup.Escape(d.TopThemes.Count > 0 ? d.TopThemes[0].Theme : ""), d.ChurnLift?.Lift is { } lift ? lift.ToString("0.00×", CultureInfo.InvariantCulture) + (d.ChurnLift.Significant ? "" : " (ns)") : "");
                }
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[bold]Pain points[/]");
            foreach (var p in map.PainPoints)
            {
                AnsiConsole.MarkupLine($"  [[{p.Status}]] {Markup.Escape(p.Title)}: {Markup.Escape(p.Evidence ?? "")}");
            }

            return 0;
        });
        return command;
    }

    private static Command PathsCommand()
    {
        var top = new Option<int>("--top") { Description = "Path variants to list (1-100)", DefaultValueFactory = _ => 10 };
        var keepRepeats = new Option<bool>("--keep-repeats") { Description = "Count consecutive repeats of a step (collapsed by default above the event level)" };
        var outcome = new Option<string>("--outcome") { Description = "Which outcome the lift table is about: churn or detractor", DefaultValueFactory = _ => "churn" };
        var command = new Command("paths", "Directly-follows graph, top path variants, stage-to-stage times and the steps that precede churn or detractor scores.")
            { JourneyArgument, LevelOption, top, keepRepeats, outcome, FromOption, ToOption, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            var level = Parse<PathLevel>(parse.GetValue(LevelOption)!, "--level");
            var result = Parse<PathOutcome>(parse.GetValue(outcome)!, "--outcome");
            var count = parse.GetValue(top);
            if (count is < 1 or > JourneyPathService.MaxTop)
            {
                throw new UsageException($"--top must be from 1 to {JourneyPathService.MaxTop}");
            }

            var (from, to) = Dates(parse);
            var scope = PathScope.Default(level, from, to);
            scope = parse.GetValue(keepRepeats) ? scope with { CollapseRepeats = false } : scope;
            var paths = await source.GetAsync($"journeys/{id}/paths?{Query(("level", level.ToString().ToLowerInvariant()), ("collapse", scope.CollapseRepeats ? "true" : "false"), ("top", Cell(count)), ("outcome", result.ToString().ToLowerInvariant()), ("from", parse.GetValue(FromOption)), ("to", parse.GetValue(ToOption)))}",
                (s, w) => JourneyPathService.PathsAsync(s, w, id, scope, count, result), cancellationToken);
            Print(paths);
            return 0;
        });
        return command;
    }

    private static Command FlowCommand()
    {
        var steps = new Option<int>("--steps") { Description = $"How many steps of each path to follow (2-{PathFlow.MaxSteps})", DefaultValueFactory = _ => 5 };
        var level = new Option<string>("--level") { Description = "What a step is: stage, touchpoint or event", DefaultValueFactory = _ => "stage" };
        var command = new Command("flow", "The Sankey of paths as a table: customers moving from each step to the next by position, and how paths end (churned, still a customer, more steps).")
            { JourneyArgument, steps, level, FromOption, ToOption, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            var pathLevel = Parse<PathLevel>(parse.GetValue(level)!, "--level");
            var count = parse.GetValue(steps);
            if (count is < 2 or > PathFlow.MaxSteps)
            {
                throw new UsageException($"--steps must be from 2 to {PathFlow.MaxSteps}");
            }

            var (from, to) = Dates(parse);
            var flow = await source.GetAsync($"journeys/{id}/flow?{Query(("level", pathLevel.ToString().ToLowerInvariant()), ("steps", Cell(count)), ("from", parse.GetValue(FromOption)), ("to", parse.GetValue(ToOption)))}",
                (s, w) => s.PathFlowAsync(w, id, PathScope.Default(pathLevel, from, to), count), cancellationToken);
            var table = new Table().AddColumns("step", "from", "to", "customers", "% of step");
            foreach (var step in flow.Links.GroupBy(l => l.Step))
            {
                var total = step.Sum(l => l.Customers);
                foreach (var l in step)
                {
                    table.AddRow(Cell(l.Step), Markup.Escape(l.From), Markup.Escape(l.To ?? $"({l.End})"), Cell(l.Customers), (100.0 * l.Customers / total).ToString("0.0", CultureInfo.InvariantCulture));
                }
            }

            AnsiConsole.MarkupLine($"{Cell(flow.Customers)} customers, first {Cell(flow.Steps)} steps");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command FunnelCommand()
    {
        var steps = new Option<string>("--steps") { Description = "Step names separated by commas; an optional step ends with '?'", Required = true };
        var window = new Option<string>("--window") { Description = "Conversion window from entering the funnel: 30d, 12h, 45m", DefaultValueFactory = _ => "30d" };
        var command = new Command("funnel", "An ordered funnel with a conversion window: reached, conversion, drop-off and median time per step.")
            { JourneyArgument, steps, window, LevelOption, FromOption, ToOption, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            var level = Parse<PathLevel>(parse.GetValue(LevelOption)!, "--level");
            var (from, to) = Dates(parse);
            var funnel = FunnelDefinition.Parse(level, parse.GetValue(steps), parse.GetValue(window), from, to, out var error) ?? throw new UsageException(error!);
            var result = await source.GetAsync($"journeys/{id}/funnel?{Query(("steps", parse.GetValue(steps)), ("window", parse.GetValue(window)), ("level", level.ToString().ToLowerInvariant()), ("from", parse.GetValue(FromOption)), ("to", parse.GetValue(ToOption)))}",
                async (s, w) =>
                {
                    var journey = await s.JourneyAsync(w, id);
                    var unknown = JourneyPathService.KnownSteps(journey!, level) is { } known ? funnel.Steps.Select(x => x.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList() : [];
                    return unknown.Count > 0
                        ? throw new UsageException($"not a {level.ToString().ToLowerInvariant()} of this journey: {string.Join(", ", unknown)}")
                        : await s.FunnelAsync(w, id, funnel);
                }, cancellationToken);
            var table = new Table().AddColumns("step", "reached", "of start", "of previous", "dropped", "median time");
            foreach (var s in result.Steps)
            {
                table.AddRow(Markup.Escape(s.Name + (s.Optional ? " (optional)" : "")), Cell(s.Reached), Percent(s.ConversionFromStart), Percent(s.ConversionFromPrevious), Cell(s.DroppedOff), Duration(s.MedianSecondsFromPrevious));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command ExportCommand()
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output (required for png and pdf)" };
        var format = new Option<string>("--format") { Description = "json (the definition, default), svg, png or pdf (the map filled with data; png and pdf need Chromium)", DefaultValueFactory = _ => "json" };
        var command = new Command("export", "Write the journey's definition as JSON, or the map filled with data as SVG, PNG or PDF.") { JourneyArgument, format, output, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kind = parse.GetValue(format)!.Trim().ToLowerInvariant();
            if (kind is not ("json" or "svg" or "png" or "pdf"))
            {
                throw new UsageException("--format must be json, svg, png or pdf");
            }

            var file = parse.GetValue(output);
            if (kind is "png" or "pdf" && file is null)
            {
                throw new UsageException($"a {kind} is not text: write it to a file with --out");
            }

            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            byte[] bytes;
            try
            {
                bytes = await source.GetBytesAsync($"journeys/{id}/export?format={kind}",
                    async (s, w) => await JourneyMapExport.BytesAsync(s, w, id, kind, cancellationToken) ?? throw new UsageException($"there is no journey {id}"), cancellationToken);
            }
            catch (PdfUnavailableException e)
            {
                throw new UsageException(e.Message);
            }

            if (kind == "json")
            {
                bytes = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(JsonDocument.Parse(bytes).RootElement, Indented) + "\n");
            }

            if (file is not null)
            {
                await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken);
                Console.Error.WriteLine($"wrote {file.FullName}");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static Command DiffCommand()
    {
        var with = new Option<long?>("--with") { Description = "The id of the map to compare with [default: the map a future state was drafted from]" };
        var command = new Command("diff", "This map against another, stage by stage: touchpoints added, removed, changed (in words) or the same.") { JourneyArgument, with, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = new ServerOrStore(Settings.Storage(parse));
            var id = await source.ResolveAsync(parse.GetValue(JourneyArgument)!, cancellationToken);
            var other = parse.GetValue(with);
            var diff = await source.GetAsync($"journeys/{id}/diff{(other is { } o ? $"?with={Cell(o)}" : "")}", async (s, w) =>
            {
                var (result, problem) = await JourneyEndpoints.DiffAsync(s, w, id, other);
                return result ?? throw new UsageException(problem is null ? $"there is no journey {other ?? id}" : "this map was not drafted from another: name one with --with");
            }, cancellationToken);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(diff.Before.Name)}[/] ({diff.Before.State}, v{Cell(diff.Before.Version)}) → [bold]{Markup.Escape(diff.After.Name)}[/] ({diff.After.State}, v{Cell(diff.After.Version)})");
            var table = new Table().AddColumns("stage", "touchpoint", "", "what changed");
            foreach (var stage in diff.Stages)
            {
                table.AddRow(Markup.Escape(stage.Name), "", Kind(stage.Kind), Markup.Escape(string.Join("; ", stage.Changes)));
                foreach (var t in stage.Touchpoints.Where(t => t.Kind != DiffKind.Same))
                {
                    table.AddRow("", Markup.Escape(t.Name), Kind(t.Kind), Markup.Escape(string.Join("; ", t.Changes)));
                }
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;

        static string Kind(DiffKind kind) => kind == DiffKind.Same ? "" : kind.ToString().ToLowerInvariant();
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "A journey definition as JSON (the shape export writes)" };
        var command = new Command("import", "Create a journey from a JSON definition; events already stored are mapped to its touchpoints.") { file, Settings.Db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"no such file: {path.FullName}");
            }

            var json = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            var problems = new List<string>();
            var definition = JourneyJson.Import(json, problems) ?? throw new UsageException($"{path.Name}: {string.Join("; ", problems)}");
            var created = await new ServerOrStore(Settings.Storage(parse)).PostAsync("journeys", json,
                (s, w) => Task.FromResult(JsonSerializer.SerializeToElement(new { id = s.CreateJourney(w, definition) })), cancellationToken);
            Console.Out.WriteLine($"created journey {created.GetProperty("id").GetInt64()} ({definition.Name})");
            return 0;
        });
        return command;
    }

    private static void Print(PathsResponse paths)
    {
        AnsiConsole.MarkupLine($"[bold]{paths.Graph.Customers:N0} customers, {paths.Graph.Steps:N0} steps[/] at the {paths.Level} level{(paths.Collapsed ? ", repeats collapsed" : "")}");
        var edges = new Table().Title("Most frequent transitions").AddColumns("from", "to", "count", "median time");
        foreach (var e in paths.Graph.Edges.Take(20))
        {
            edges.AddRow(Markup.Escape(e.From), Markup.Escape(e.To), Cell(e.Count), Duration(e.MedianSeconds));
        }

        AnsiConsole.Write(edges);
        var variants = new Table().Title($"Top path variants (of {paths.Variants.DistinctVariants:N0})").AddColumns("customers", "share", "path");
        foreach (var v in paths.Variants.Top)
        {
            variants.AddRow(Cell(v.Customers), Percent(v.Share), Markup.Escape(string.Join(" → ", v.Steps)));
        }

        AnsiConsole.Write(variants);
        if (paths.StageTimes.Count > 0)
        {
            var times = new Table().Title("Time to the next stage").AddColumns("from", "to", "customers", "p25", "median", "p75", "p90");
            foreach (var t in paths.StageTimes)
            {
                times.AddRow(Markup.Escape(t.From), Markup.Escape(t.To), Cell(t.Customers), Duration(t.P25Seconds), Duration(t.MedianSeconds), Duration(t.P75Seconds), Duration(t.P90Seconds));
            }

            AnsiConsole.Write(times);
        }

        var lifts = new Table().Title($"What precedes {paths.Outcome}").AddColumns("touchpoint or transition", "customers", "rate", "others", "lift (95% CI)");
        foreach (var l in paths.LeadsToOutcome)
        {
            lifts.AddRow(Markup.Escape(l.To is null ? l.From : $"{l.From} → {l.To}"), Cell(l.Lift.Exposed), Percent(l.Lift.ExposedRate), Percent(l.Lift.OtherRate),
                string.Create(CultureInfo.InvariantCulture, $"{l.Lift.Lift:0.00}× ({l.Lift.Low:0.00}–{l.Lift.High:0.00}){(l.Lift.Significant ? "" : " ns")}"));
        }

        AnsiConsole.Write(lifts);
    }

    private static T Parse<T>(string text, string option) where T : struct, Enum =>
        Enum.TryParse<T>(text, true, out var value) && !int.TryParse(text, out _)
            ? value
            : throw new UsageException($"{option} must be one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");

    private static (DateTime? From, DateTime? To) Dates(ParseResult parse)
    {
        var errors = new List<Cairn.Core.Ingestion.ItemError>();
        var from = Cairn.Core.Metrics.MetricQuery.ParseDate(parse.GetValue(FromOption), "--from", errors);
        var to = Cairn.Core.Metrics.MetricQuery.ParseDate(parse.GetValue(ToOption), "--to", errors);
        return errors.Count > 0 ? throw new UsageException($"{errors[0].Field}: {errors[0].Message}") : (from, to);
    }

    private static string Cell(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Value(MetricValue? value, string format) =>
        value is null ? "" : value.TooFew ? "too few" : value.Value!.Value.ToString(format, CultureInfo.InvariantCulture);

    private static string Duration(double? seconds) => JourneyPathService.Duration(seconds);
}
