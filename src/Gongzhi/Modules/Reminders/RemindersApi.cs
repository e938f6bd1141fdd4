using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Reminders.Features.DueItems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Reminders;

/// <summary>Due items (到期提醒) over HTTP, within the caller's data scope.</summary>
public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/reminders").WithTags("Reminders").RequireAuthorization(RemindersModule.RemindersPolicy);
        g.MapGet("/", List)
            .WithSummary("Due items in reach (area: a node's code), by due date; filters kind (FacilityInspection, FireExtinguisher, MerchantLicence, HealthCertificate, AllowanceVerification, CareVisit, RequestDeadline, Other), state (Open — the default —, Upcoming within withinDays, Overdue, Closed, All); sort due, -due, title, kind; paged.");
        g.MapPost("/", Create)
            .WithSummary("Creates a due item: kind, title, area (code), dueOn, ownerUser (user name) or ownerRole (grid, community, street; default grid), daysBefore (e.g. [30, 7]; negative refused), onTheDay, overdueEveryDays, escalateAfterDays, note.");
        g.MapGet("/counts", Counts).WithSummary("Open items in reach: overdue, and due within the upcoming window.");
        g.MapGet("/mine", Mine).WithSummary("The caller's open items a reminder has reached (as the owner, or by role).");
        g.MapGet("/{id:long}", Get).WithSummary("One item with the reminders sent for it.");
        g.MapPut("/{id:long}", Update).WithSummary("Replaces an item's fields (as for creating).");
        g.MapPost("/{id:long}/close", Close).WithSummary("Closes an item with a note (renewed, inspected); with nextDueOn it stays open, due then (renewal rolls the date forward).");
        g.MapDelete("/{id:long}", Delete).WithSummary("Deletes an item made by hand (409 for items kept by another module).");
        return app;
    }

    private static async Task<Ok<PagedList<DueItemView>>> List([AsParameters] DueItemFilter filter, DueItemsService items, CancellationToken ct) =>
        TypedResults.Ok(await items.ListAsync(filter, ct));

    private static async Task<Created<DueItemView>> Create(SaveDueItem body, DueItemsService items, CancellationToken ct)
    {
        var created = await items.CreateAsync(body, ct);
        return TypedResults.Created($"/api/reminders/{created.Id}", created);
    }

    private static async Task<Ok<DueCounts>> Counts(DueItemsService items, CancellationToken ct) => TypedResults.Ok(await items.CountsAsync(ct));

    private static async Task<Ok<IReadOnlyList<DueItemView>>> Mine(DueItemsService items, CancellationToken ct) => TypedResults.Ok(await items.MineAsync(ct));

    private static async Task<Ok<DueItemView>> Get(long id, DueItemsService items, CancellationToken ct) => TypedResults.Ok(await items.GetAsync(id, ct));

    private static async Task<Ok<DueItemView>> Update(long id, SaveDueItem body, DueItemsService items, CancellationToken ct) =>
        TypedResults.Ok(await items.UpdateAsync(id, body, ct));

    private static async Task<Ok<DueItemView>> Close(long id, CloseDueItem body, DueItemsService items, CancellationToken ct) =>
        TypedResults.Ok(await items.CloseAsync(id, body, ct));

    private static async Task<NoContent> Delete(long id, DueItemsService items, CancellationToken ct)
    {
        await items.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
