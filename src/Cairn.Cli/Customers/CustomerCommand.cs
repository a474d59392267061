using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Storage;
using Cairn.Web.Customers;

namespace Cairn.Cli.Customers;

/// <summary>
/// <c>cairn customer export ID</c> writes everything held about a customer as JSON;
/// <c>cairn customer erase ID --yes</c> erases it and then checks that nothing is left. Both go
/// through the running server when one holds the DuckDB file, and both are in the audit log.
/// </summary>
public static class CustomerCommand
{
    private static readonly string Actor = "cli:" + Environment.UserName;

    public static Command Create()
    {
        var command = new Command("customer", "Customers: who is at risk, and a customer's personal data: export it (right of access) or erase it (right to erasure).");
        command.Subcommands.Add(AtRiskCommand.Create());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Erase());
        return command;
    }

    private static Command Export()
    {
        var id = new Argument<string>("ID") { Description = "The customer's external id" };
        var output = new Option<string?>("--out") { Description = "File to write [default: customer-ID.json]" };
        var export = new Command("export", "Write everything stored about one customer as a JSON file.") { id, output, Settings.Db };
        export.SetAction(async (parse, cancellationToken) =>
        {
            var customer = parse.GetValue(id)!;
            var bytes = await FindAsync(new ServerOrStore(Settings.Storage(parse)), customer, cancellationToken)
                ?? throw new UsageException($"nothing about customer '{customer}' in this workspace");
            var path = parse.GetValue(output) ?? CustomerPrivacyEndpoints.FileName(customer);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            var rows = JsonDocument.Parse(bytes).RootElement.GetProperty("rowCount").GetInt64();
            Console.Out.WriteLine($"wrote {path}: {rows.ToString("N0", CultureInfo.InvariantCulture)} rows about {customer}");
            return 0;
        });
        return export;
    }

    private static Command Erase()
    {
        var id = new Argument<string>("ID") { Description = "The customer's external id" };
        var yes = new Option<bool>("--yes") { Description = "Erase for real; without it, only show what would be erased" };
        var erase = new Command("erase", "Erase one customer and everything about them, then check nothing is left.") { id, yes, Settings.Db };
        erase.SetAction(async (parse, cancellationToken) =>
        {
            var customer = parse.GetValue(id)!;
            var source = new ServerOrStore(Settings.Storage(parse));
            if (!parse.GetValue(yes))
            {
                var held = await FindAsync(source, customer, cancellationToken)
                    ?? throw new UsageException($"nothing about customer '{customer}' in this workspace");
                Console.Out.WriteLine($"would erase about {customer}: {Tally(JsonDocument.Parse(held).RootElement.GetProperty("tables"))}");
                throw new UsageException("nothing erased; add --yes to erase");
            }

            var report = await source.DeleteAsync<ErasureReport>($"customers/{Uri.EscapeDataString(customer)}",
                (store, workspace) => store.EraseCustomerAsync(workspace, customer, Actor), cancellationToken);
            if (report.Total == 0)
            {
                throw new UsageException($"nothing about customer '{customer}' in this workspace");
            }

            Console.Out.WriteLine($"erased {customer}: {report.Total.ToString("N0", CultureInfo.InvariantCulture)} rows ({string.Join(", ", report.Removed.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value.ToString("N0", CultureInfo.InvariantCulture)}"))})");
            var left = await FindAsync(source, customer, cancellationToken);
            if (left is not null)
            {
                throw new UsageException($"erasure incomplete: rows about '{customer}' are still stored (new data may have arrived meanwhile); run it again");
            }

            Console.Out.WriteLine($"verified: nothing about {customer} is left; the audit log holds the erasure as {CairnStore.ErasedIdHash(customer)}");
            return 0;
        });
        return erase;
    }

    /// <summary>
    /// The export as JSON bytes, or null when nothing is held. Whatever finds data is logged as an
    /// export (the bytes did leave the database); finding nothing logs nothing, so checking after
    /// an erasure does not write the id back into the audit log.
    /// </summary>
    private static Task<byte[]?> FindAsync(ServerOrStore source, string customer, CancellationToken cancellationToken) =>
        source.FindBytesAsync($"customers/{Uri.EscapeDataString(customer)}/export", async (store, workspace) =>
        {
            var export = await store.ExportCustomerAsync(workspace, customer);
            if (export.RowCount == 0)
            {
                return null;
            }

            await store.AuditAsync(workspace, Actor, "customer.exported", customer, JsonSerializer.Serialize(new { rows = export.RowCount }));
            return CustomerPrivacyEndpoints.Serialize(export);
        }, cancellationToken);

    /// <summary>"table rows, …" for the tables of an export that hold any.</summary>
    private static string Tally(JsonElement tables) =>
        string.Join(", ", tables.EnumerateObject().Select(t => (t.Name, Rows: t.Value.GetArrayLength())).Where(t => t.Rows > 0).Select(t => $"{t.Name} {t.Rows.ToString("N0", CultureInfo.InvariantCulture)}"));
}
