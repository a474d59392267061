using Cairn.Core.Customers;
using Cairn.Storage;

namespace Cairn.Cli.Demo;

/// <summary>
/// The demo's CRM/ERP facts: a handset or SIM order at signup, accessory orders, returns (more
/// often from customers with a poor experience), contract renewals (past ones and the next one
/// scheduled), the last three invoices and some plan changes. Drawn from their own random stream,
/// so every other generated value stays as it was.
/// </summary>
internal static class DemoRecords
{
    private const int Batch = 50_000;

    public sealed record Customer(string Id, DateTime Signup, DateTime? ChurnedAt, double Quality, double MonthlyRevenue, bool Prepaid);

    public static async Task<long> GenerateAsync(CairnStore store, long workspaceId, IReadOnlyList<Customer> customers, DateTime today, int seed)
    {
        var random = new Random(seed);
        var batch = new List<CustomerRecord>(Batch + 50);
        long stored = 0;
        foreach (var c in customers)
        {
            Add(random, c, today, batch);
            if (batch.Count >= Batch)
            {
                stored += (await store.AddRecordsAsync(workspaceId, batch)).Accepted;
                batch.Clear();
            }
        }

        return stored + (await store.AddRecordsAsync(workspaceId, batch)).Accepted;
    }

    private static void Add(Random random, Customer c, DateTime today, List<CustomerRecord> into)
    {
        var end = c.ChurnedAt ?? today;
        var n = 0;
        string Id(string prefix) => $"{prefix}-{c.Id}-{n++}";
        DateTime During(double fromDays) => c.Signup.AddDays(fromDays + (random.NextDouble() * Math.Max(1, (end - c.Signup).TotalDays - fromDays)));

        var handset = random.NextDouble() < 0.4;
        into.Add(new(Id("SO"), c.Id, RecordKind.Order, c.Signup, handset ? Math.Round(199 + (random.NextDouble() * 700), 2) : 10, "EUR",
            handset ? """{"item":"handset"}""" : """{"item":"sim starter kit"}"""));
        // A poor experience shows in returns: of the handset, or of accessories later.
        var returnChance = 0.04 + (0.12 * Math.Max(0, -c.Quality));
        if (handset && random.NextDouble() < returnChance)
        {
            into.Add(new(Id("RT"), c.Id, RecordKind.Return, Min(c.Signup.AddDays(3 + random.Next(25)), end), null, null, """{"item":"handset","reason":"not as described"}"""));
        }

        for (var i = DemoWorkspace.Poisson(random, 0.5); i > 0; i--)
        {
            var at = During(7);
            into.Add(new(Id("SO"), c.Id, RecordKind.Order, at, Math.Round(15 + (random.NextDouble() * 60), 2), "EUR", """{"item":"accessory"}"""));
            if (random.NextDouble() < returnChance)
            {
                into.Add(new(Id("RT"), c.Id, RecordKind.Return, Min(at.AddDays(2 + random.Next(20)), end), null, null, """{"item":"accessory"}"""));
            }
        }

        if (!c.Prepaid)
        {
            // Yearly contracts: every renewal so far, and the next one if the customer is still here.
            for (var renewal = c.Signup.AddYears(1); ; renewal = renewal.AddYears(1))
            {
                if (renewal > end)
                {
                    if (c.ChurnedAt is null)
                    {
                        into.Add(new(Id("RN"), c.Id, RecordKind.Renewal, renewal, null, null, """{"status":"scheduled","term":"12 months"}"""));
                    }

                    break;
                }

                into.Add(new(Id("RN"), c.Id, RecordKind.Renewal, renewal, null, null, """{"status":"renewed","term":"12 months"}"""));
            }
        }

        for (var m = 1; m <= 3; m++)
        {
            var at = end.AddDays(-30 * m);
            if (at > c.Signup)
            {
                into.Add(new(Id("IN"), c.Id, RecordKind.Invoice, at, c.MonthlyRevenue, "EUR", null));
            }
        }

        if (random.NextDouble() < 0.08)
        {
            into.Add(new(Id("PC"), c.Id, RecordKind.PlanChange, During(30), null, null, c.Quality > 0 ? """{"direction":"up"}""" : """{"direction":"down"}"""));
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
