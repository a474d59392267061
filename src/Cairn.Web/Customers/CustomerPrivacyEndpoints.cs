using System.Text;
using System.Text.Json;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Customers;

/// <summary>
/// The data subject's rights: <c>GET /api/v1/customers/{id}/export</c> (access: every row held
/// about them, as JSON) and <c>DELETE /api/v1/customers/{id}</c> (erasure), for admins only, each
/// written to the audit log; and the erase form on the customer page.
/// </summary>
public static class CustomerPrivacyEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static RouteGroupBuilder MapCustomerPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{id}/export", Export).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Customers")
            .WithName("ExportCustomer")
            .WithSummary("Everything stored about one customer (profile, CRM records, events, invitations, responses and answers, feedback and its themes, cases, notes and messages, pending webhook deliveries), as a JSON file; logged in the audit log.")
            .Produces<CustomerExport>().ProducesProblem(404);
        api.MapDelete("/customers/{id}", Erase).RequireAuthorization(CairnClaims.AdminPolicy).WithTags("Customers")
            .WithName("EraseCustomer")
            .WithSummary("Erases one customer and everything about them in one transaction; answers the rows removed per table. Metrics drop the customer at once. The audit log keeps the erasure with the id only as a SHA-256 hash.")
            .Produces<ErasureReport>().ProducesProblem(404);
        return api;
    }

    public static IEndpointRouteBuilder MapCustomerPrivacyForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/customers/{id}/erase", EraseForm).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The export as the bytes of a JSON file.</summary>
    public static byte[] Serialize(CustomerExport export) => JsonSerializer.SerializeToUtf8Bytes(export, Json);

    /// <summary>A file name safe in a Content-Disposition header, whatever characters the customer id has.</summary>
    public static string FileName(string customerId)
    {
        var safe = new StringBuilder();
        foreach (var c in customerId.Take(80))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return $"customer-{safe}.json";
    }

    private static string Actor(HttpContext context, string fallback) => context.User.Identity?.Name ?? fallback;

    private static async Task<IResult> Export(HttpContext context, CairnStore store, string id)
    {
        var workspaceId = context.User.WorkspaceId();
        var export = await store.ExportCustomerAsync(workspaceId, id);
        if (export.RowCount == 0)
        {
            return NotFound(id);
        }

        await store.AuditAsync(workspaceId, Actor(context, "api"), "customer.exported", id, JsonSerializer.Serialize(new { rows = export.RowCount }));
        return TypedResults.File(Serialize(export), "application/json", FileName(id));
    }

    private static async Task<IResult> Erase(HttpContext context, CairnStore store, string id)
    {
        var report = await store.EraseCustomerAsync(context.User.WorkspaceId(), id, Actor(context, "api"));
        return report.Total == 0 ? NotFound(id) : TypedResults.Ok(report);
    }

    /// <summary>The page asks for the id typed again, so one stray click cannot erase a customer.</summary>
    private static async Task<IResult> EraseForm(HttpContext context, CairnStore store, string id, [FromForm] string? confirm)
    {
        if (!string.Equals(confirm?.Trim(), id, StringComparison.Ordinal))
        {
            return TypedResults.LocalRedirect($"/customers/{Uri.EscapeDataString(id)}?erase=mismatch");
        }

        var report = await store.EraseCustomerAsync(context.User.WorkspaceId(), id, Actor(context, "web"));
        return TypedResults.LocalRedirect($"/customers?erased={report.Total}");
    }

    private static IResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Customer not found", $"nothing about customer '{id}' in this workspace");
}
