using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Care.Features.CheckIn;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Care.Features.Visits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Care;

/// <summary>The care roster and its visits over HTTP, within the caller's data scope.</summary>
public static class CareApi
{
    public static IEndpointRouteBuilder MapCareApi(this IEndpointRouteBuilder app)
    {
        var care = app.MapGroup("/api/care").WithTags("Care").RequireAuthorization(CareModule.CarePolicy);
        care.MapGet("/entries", List)
            .WithSummary("The care roster in reach (area: a node's code), the most pressing first, each marked Ok, Due or Overdue against its visit frequency; filters kind, state (Due includes Overdue), q (name or address); paged.");
        care.MapPost("/entries", Create)
            .WithSummary("Enrols a resident of the caller's area: residentId, kind (LivingAlone, EmptyNest, Disabled, LeftBehindChild, Other), frequencyDays, visitors (user names), contacts ({name, relation, phone}), note.");
        care.MapGet("/entries/{id:long}", Get).WithSummary("One entry with its emergency contacts (phones masked) and recent visits.");
        care.MapPut("/entries/{id:long}", Update).WithSummary("Replaces an entry's kind, frequency, visitors, contacts and note (the resident stays).");
        care.MapDelete("/entries/{id:long}", Delete).WithSummary("Takes a resident off the roster; refused (409) once visits are on record.");
        care.MapPost("/entries/{id:long}/visits", RecordVisit)
            .WithSummary("Records a 三三探访 visit now: checklist of the nine items (health, meals, family, water, electricity, gas, rubbish, clutter, passage), each {item, ok, note} (a note for a problem), notes.");
        care.MapGet("/visits/{id:long}", GetVisit).WithSummary("One visit with its checklist.");
        care.MapPost("/visits/{id:long}/request", RaiseRequest)
            .WithSummary("Raises one request for the household from a visit with a problem: categoryCode, description (default: the problems found). Answers the visit with the request's tracking code.");
        care.MapPut("/entries/{id:long}/checkin", EnrolCheckIn)
            .WithSummary("窗帘之约: enrols the resident in the daily check-in with the people told when no mark comes (watchers: user names); an empty list takes them out.");
        care.MapPost("/entries/{id:long}/checkin/today", MarkToday).WithSummary("窗帘之约: marks \"OK today\" for an enrolled resident (once a day; 409 when not enrolled).");
        care.MapGet("/entries/{id:long}/checkin/calendar", CheckInCalendarMonth)
            .WithSummary("窗帘之约 streak calendar: one month (month: yyyy-MM, default this one) of days OK, Missed, Alert, Pending or None, with the current streak of OK days.");
        care.MapGet("/checkin", CheckInToday).WithSummary("Today's enrolled residents in reach (area: a node's code), those without a mark first, with any open alert.");
        care.MapGet("/alerts", Alerts).WithSummary("Check-in alerts in reach, newest first (open=false: closed ones too).");
        care.MapPost("/alerts/{id:long}/close", CloseAlert).WithSummary("Closes a check-in alert with what was found (finding).");
        care.MapPost("/entries/{id:long}/checkin/reply-code", NewReplyCode)
            .WithSummary("窗帘之约 by SMS: gives an enrolled resident a new six-digit reply code (the old one stops working).");
        care.MapGet("/entries/{id:long}/door-card", DoorCard)
            .WithSummary("窗帘之约 door card of an enrolled resident: the masked name, the door token (issued the first time) and its URL /c/{token}, the SMS reply code.");
        care.MapPost("/entries/{id:long}/door-card/regenerate", RegenerateDoorCard)
            .WithSummary("Revokes the door token (a lost or copied card) and issues a new one; the old card answers 410 at once.");
        care.MapDelete("/entries/{id:long}/door-card", RevokeDoorCard).WithSummary("Revokes the door token without a new one (409 when there is none).");

        // The door's QR code: the token is the credential, so no account; limited per client address.
        var door = app.MapGroup("/api/care/door").WithTags("Care (public)").AllowAnonymous().RequireRateLimiting(CareModule.DoorRateLimit);
        door.MapGet("/{token}", DoorView).WithSummary("窗帘之约 door page data: the masked name and whether today is marked (404 unknown token, 410 revoked, 409 not enrolled).");
        door.MapPost("/{token}/checkin", DoorMark).WithSummary("窗帘之约: marks \"OK today\" through the door's QR token (channel DoorQr; once a day).");

        app.MapPost("/api/care/checkin/sms", InboundSms).WithTags("Care (public)").AllowAnonymous().DisableAntiforgery()
            .WithSummary("Inbound SMS webhook (窗帘之约 reply codes): form or JSON with the sender (phone | from | mobile) and the text (text | content | message); header X-Care-Sms-Secret = Care:SmsInboundSecret (404 when not configured, 401 when wrong). 200 whether or not it matched.");
        return app;
    }

    private static async Task<Ok<CheckInStatus>> NewReplyCode(long id, CareCheckIns checkIns, CancellationToken ct) => TypedResults.Ok(await checkIns.NewReplyCodeAsync(id, ct));

    private static async Task<Ok<DoorCardView>> DoorCard(long id, HttpRequest request, CareDoorCards cards, CancellationToken ct) =>
        TypedResults.Ok(DoorCardView.Of(await cards.CardAsync(id, ct), request));

    private static async Task<Ok<DoorCardView>> RegenerateDoorCard(long id, HttpRequest request, CareDoorCards cards, CancellationToken ct) =>
        TypedResults.Ok(DoorCardView.Of(await cards.RegenerateAsync(id, ct), request));

    private static async Task<NoContent> RevokeDoorCard(long id, CareDoorCards cards, CancellationToken ct)
    {
        await cards.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DoorCheckIn>> DoorView(string token, CareDoorCards cards, CancellationToken ct) => TypedResults.Ok(await cards.ViewAsync(token, ct));

    private static async Task<Ok<DoorCheckIn>> DoorMark(string token, CareDoorCards cards, CancellationToken ct) => TypedResults.Ok(await cards.MarkAsync(token, ct));

    private static async Task<Ok<InboundSmsResult>> InboundSms(HttpRequest request, CareSmsCheckIns sms, CancellationToken ct)
    {
        sms.Authenticate(request.Headers[CareSmsCheckIns.SecretHeader].FirstOrDefault());
        return TypedResults.Ok(await sms.ReceiveAsync(await sms.ReadAsync(request, ct), ct));
    }

    private static async Task<Ok<CheckInStatus>> EnrolCheckIn(long id, CheckInEnrolment body, CareCheckIns checkIns, CancellationToken ct) =>
        TypedResults.Ok(await checkIns.EnrolAsync(id, body, ct));

    private static async Task<Ok<CheckInStatus>> MarkToday(long id, CareCheckIns checkIns, CancellationToken ct) => TypedResults.Ok(await checkIns.MarkAsync(id, ct));

    private static async Task<Ok<CheckInMonth>> CheckInCalendarMonth(long id, string? month, CareCheckIns checkIns, CancellationToken ct) =>
        TypedResults.Ok(await checkIns.CalendarAsync(id, month, ct));

    private static async Task<Ok<IReadOnlyList<CheckInStatus>>> CheckInToday(string? area, CareCheckIns checkIns, CancellationToken ct) =>
        TypedResults.Ok(await checkIns.TodayAsync(area, ct));

    private static async Task<Ok<IReadOnlyList<AlertView>>> Alerts(bool? open, CareCheckIns checkIns, CancellationToken ct) =>
        TypedResults.Ok(await checkIns.AlertsAsync(open ?? true, ct));

    private static async Task<Ok<AlertView>> CloseAlert(long id, CloseAlert body, CareCheckIns checkIns, CancellationToken ct) =>
        TypedResults.Ok(await checkIns.CloseAsync(id, body, ct));

    private static async Task<Ok<PagedList<CareEntrySummary>>> List([AsParameters] CareFilter filter, CareRoster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.ListAsync(filter, ct));

    private static async Task<Created<CareEntryDetail>> Create(SaveCareEntry body, CareRoster roster, CancellationToken ct)
    {
        var created = await roster.CreateAsync(body, ct);
        return TypedResults.Created($"/api/care/entries/{created.Entry.Id}", created);
    }

    private static async Task<Ok<CareEntryDetail>> Get(long id, CareRoster roster, CancellationToken ct) => TypedResults.Ok(await roster.GetAsync(id, ct));

    private static async Task<Ok<CareEntryDetail>> Update(long id, SaveCareEntry body, CareRoster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.UpdateAsync(id, body, ct));

    private static async Task<NoContent> Delete(long id, CareRoster roster, CancellationToken ct)
    {
        await roster.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<VisitView>> RecordVisit(long id, RecordVisit body, CareVisits visits, CancellationToken ct)
    {
        var visit = await visits.RecordAsync(id, body, ct);
        return TypedResults.Created($"/api/care/visits/{visit.Id}", visit);
    }

    private static async Task<Ok<VisitView>> GetVisit(long id, CareVisits visits, CancellationToken ct) => TypedResults.Ok(await visits.GetAsync(id, ct));

    private static async Task<Ok<VisitView>> RaiseRequest(long id, RaiseRequest body, CareVisits visits, CancellationToken ct) =>
        TypedResults.Ok(await visits.RaiseRequestAsync(id, body, ct));
}
