using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Modules.Volunteers.Features.Certificates;
using Gongzhi.Modules.Volunteers.Features.Orders;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Modules.Volunteers.Features.Teams;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers;

/// <summary>The volunteers module over HTTP: the pool and teams for staff (in their scope), activities and orders for everyone signed in, the public certificate check.</summary>
public static class VolunteersApi
{
    public static IEndpointRouteBuilder MapVolunteersApi(this IEndpointRouteBuilder app)
    {
        var pool = app.MapGroup("/api/volunteers").WithTags("Volunteers").RequireAuthorization(VolunteersModule.StaffPolicy);
        pool.MapGet("/", Search).WithSummary("The pool in reach: skill (a catalogue code), area (a node's code), availability, minHours, verified, q; sort hours, activities, name, newest; paged.");
        pool.MapPost("/", Register).WithSummary("Registers a volunteer: kind Resident (residentId) or Outsider (name, school, college, className, areaCode); skills, availability, serviceAreas (node codes).");
        pool.MapGet("/{id:long}", Get).WithSummary("One volunteer of the pool.");
        pool.MapPut("/{id:long}", Update).WithSummary("Replaces a volunteer's skills, availability, service areas and (an outsider's) name and school.");
        pool.MapPost("/{id:long}/verify", Verify).WithSummary("Marks the volunteer verified by the caller.");
        pool.MapPost("/{id:long}/certificates", IssueCertificate).WithSummary("Issues a certificate of service hours (社会实践证明) with the confirmed hours and a verification code.");
        pool.MapGet("/orders", Orders).WithSummary("Service orders in reach, newest first (state: Open, Claimed, Done, Cancelled).");
        pool.MapGet("/rankings", Ranking).WithSummary("Volunteers by confirmed hours (by=hours) or activities (by=activities) in a year (default this year) under an area in reach.");

        var teams = app.MapGroup("/api/volunteer-teams").WithTags("Volunteers").RequireAuthorization(VolunteersModule.StaffPolicy);
        teams.MapGet("/", ListTeams).WithSummary("Teams in reach, corps first.");
        teams.MapPost("/", CreateTeam).WithSummary("Creates a team: name, level (Corps, Detachment, Squad), parentId (one level up), areaCode, leaderId, description.");
        teams.MapGet("/{id:long}", GetTeam).WithSummary("A team with its sub-teams and members.");
        teams.MapPost("/{id:long}/members/{volunteerId:long}", AddMember).WithSummary("Puts a volunteer of the pool in the team.");

        var me = app.MapGroup("/api/volunteering").WithTags("Volunteers").RequireAuthorization(Roles.SignedInPolicy);
        me.MapGet("/skills", Skills).WithSummary("The skills catalogue (orderable: on the service menu).");
        me.MapGet("/me", Mine).WithSummary("The caller's volunteer profile (404 when they have none).");
        me.MapPost("/me", RegisterSelf).WithSummary("A volunteer or resident account registers itself (a resident's own account as that resident; otherwise name and areaCode); skills, availability, school …");
        me.MapGet("/me/signups", MySignUps).WithSummary("The caller's own sign-ups.");
        me.MapGet("/activities", Browse).WithSummary("Activities from now on (all=true: past ones too), those near the caller first, with the caller's sign-up state.");
        me.MapPost("/activities", Publish).WithSummary("Publishes an activity (staff: areaCode; a team's leader: teamId): title, category, place, startsAt, endsAt, signUpDeadline, capacity, neededSkills, pointsPerHour, pointsPerActivity.");
        me.MapGet("/activities/{id:long}", GetActivity).WithSummary("An activity; its organiser and staff above it see every sign-up, others their own.");
        me.MapPost("/activities/{id:long}/signup", SignUp).WithSummary("Signs the caller up (409 when full, after the deadline or twice).");
        me.MapPost("/activities/{id:long}/cancel", Cancel).WithSummary("Cancels the caller's sign-up before the start.");
        me.MapGet("/activities/{id:long}/code", Code).WithSummary("The organiser's current check-in code and the link the site's QR shows (rotates every 30 s).");
        me.MapPost("/activities/{id:long}/scan", Scan).WithSummary("The caller scanned the site's code (token): checks in, or out when in; 409 when stale, not signed up or outside the window.");
        me.MapPost("/activities/{id:long}/signups/{signUpId:long}/mark", Mark).WithSummary("The organiser checks a volunteer in (or out, when in) by hand.");
        me.MapPost("/activities/{id:long}/signups/{signUpId:long}/confirm", Confirm).WithSummary("The organiser confirms the hours (minutes: default from the marks) and the bank credits the points; never one's own.");
        me.MapPost("/activities/{id:long}/signups/{signUpId:long}/no-show", NoShow).WithSummary("The organiser marks a volunteer absent after the start.");
        me.MapPost("/orders", PlaceOrder).WithSummary("Orders a service (skillCode of the menu, description): a resident's own account for itself, staff for residentId.");
        me.MapGet("/orders", MyOrders).WithSummary("Orders the caller placed or claimed.");
        me.MapGet("/orders/claimable", Claimable).WithSummary("Open orders the caller (a verified volunteer) can claim: a skill of theirs, in range.");
        me.MapPost("/orders/{id:long}/claim", Claim).WithSummary("Claims an open order (409 when taken, not in range or without the skill).");
        me.MapPost("/orders/{id:long}/done", Complete).WithSummary("The claimant marks the order done (minutes).");
        me.MapPost("/orders/{id:long}/rate", Rate).WithSummary("The requester or staff rate a done order (1–5); the volunteer earns the points.");
        me.MapGet("/certificates/{id:long}", GetCertificate).WithSummary("A certificate in reach, or the caller's own.");
        me.MapGet("/certificates/{id:long}/certificate.pdf", CertificatePdf)
            .WithSummary("A certificate in reach, or the caller's own, as an A4 PDF carrying its verification code.");

        app.MapGet("/api/public/certificates/{code}", CheckCertificate).WithTags("Volunteers").AllowAnonymous()
            .WithSummary("Anyone: the name, hours and activities a certificate's verification code stands for.");
        return app;
    }

    private static async Task<Ok<PagedList<VolunteerView>>> Search([AsParameters] VolunteerFilter filter, VolunteerPool pool, CancellationToken ct) =>
        TypedResults.Ok(await pool.SearchAsync(filter, ct));

    private static async Task<Created<VolunteerView>> Register(RegisterVolunteer body, VolunteerPool pool, CancellationToken ct)
    {
        var created = await pool.RegisterAsync(body, ct);
        return TypedResults.Created($"/api/volunteers/{created.Id}", created);
    }

    private static async Task<Ok<VolunteerView>> Get(long id, VolunteerPool pool, CancellationToken ct) => TypedResults.Ok(await pool.GetAsync(id, ct));

    private static async Task<Ok<VolunteerView>> Update(long id, RegisterVolunteer body, VolunteerPool pool, CancellationToken ct) => TypedResults.Ok(await pool.UpdateAsync(id, body, ct));

    private static async Task<Ok<VolunteerView>> Verify(long id, VolunteerPool pool, CancellationToken ct) => TypedResults.Ok(await pool.VerifyAsync(id, ct));

    private static async Task<Created<CertificateView>> IssueCertificate(long id, ServiceCertificates certificates, CancellationToken ct)
    {
        var issued = await certificates.IssueAsync(id, ct);
        return TypedResults.Created($"/api/volunteering/certificates/{issued.Id}", issued);
    }

    private static async Task<Ok<IReadOnlyList<OrderView>>> Orders(string? state, ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.ListAsync(state, ct));

    private static async Task<Ok<IReadOnlyList<RankingLine>>> Ranking(string? area, int? year, string? by, VolunteerActivities activities, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await activities.RankingAsync(area, year ?? Infrastructure.BeijingTime.Today(clock).Year, by, ct));

    private static async Task<Ok<IReadOnlyList<TeamView>>> ListTeams(VolunteerTeams teams, CancellationToken ct) => TypedResults.Ok(await teams.ListAsync(ct));

    private static async Task<Created<TeamView>> CreateTeam(CreateTeam body, VolunteerTeams teams, CancellationToken ct)
    {
        var team = await teams.CreateAsync(body, ct);
        return TypedResults.Created($"/api/volunteer-teams/{team.Id}", team);
    }

    private static async Task<Ok<TeamDetail>> GetTeam(long id, VolunteerTeams teams, CancellationToken ct) => TypedResults.Ok(await teams.GetAsync(id, ct));

    private static async Task<Ok<TeamDetail>> AddMember(long id, long volunteerId, VolunteerTeams teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.AddMemberAsync(id, volunteerId, ct));

    private static async Task<Ok<IReadOnlyList<SkillView>>> Skills(VolunteerPool pool, CancellationToken ct) => TypedResults.Ok(await pool.SkillsAsync(ct));

    private static async Task<Results<Ok<VolunteerView>, ProblemHttpResult>> Mine(VolunteerPool pool, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await pool.MineAsync(ct) is { } v ? TypedResults.Ok(v) : TypedResults.Problem(statusCode: 404, detail: l["You are not registered as a volunteer."]);

    private static async Task<Created<VolunteerView>> RegisterSelf(RegisterVolunteer body, VolunteerPool pool, CancellationToken ct)
    {
        var created = await pool.RegisterSelfAsync(body, ct);
        return TypedResults.Created("/api/volunteering/me", created);
    }

    private static async Task<Ok<IReadOnlyList<SignUpView>>> MySignUps(VolunteerActivities activities, CancellationToken ct) => TypedResults.Ok(await activities.MineAsync(ct));

    private static async Task<Ok<IReadOnlyList<ActivityView>>> Browse(bool? all, VolunteerActivities activities, CancellationToken ct) =>
        TypedResults.Ok(await activities.BrowseAsync(all != true, ct));

    private static async Task<Created<ActivityView>> Publish(PublishActivity body, VolunteerActivities activities, CancellationToken ct)
    {
        var published = await activities.PublishAsync(body, ct);
        return TypedResults.Created($"/api/volunteering/activities/{published.Id}", published);
    }

    private static async Task<Ok<ActivityDetail>> GetActivity(long id, VolunteerActivities activities, CancellationToken ct) => TypedResults.Ok(await activities.GetAsync(id, ct));

    private static async Task<Ok<SignUpView>> SignUp(long id, VolunteerActivities activities, CancellationToken ct) => TypedResults.Ok(await activities.SignUpAsync(id, ct));

    private static async Task<Ok<SignUpView>> Cancel(long id, VolunteerActivities activities, CancellationToken ct) => TypedResults.Ok(await activities.CancelAsync(id, ct));

    private static async Task<Ok<CheckInCode>> Code(long id, HttpContext http, VolunteerActivities activities, CancellationToken ct) =>
        TypedResults.Ok(await activities.CodeAsync(id, $"{http.Request.Scheme}://{http.Request.Host}", ct));

    private static async Task<Ok<SignUpView>> Scan(long id, ScanCheckIn body, VolunteerActivities activities, CancellationToken ct) => TypedResults.Ok(await activities.ScanAsync(id, body, ct));

    private static async Task<Ok<SignUpView>> Mark(long id, long signUpId, VolunteerActivities activities, CancellationToken ct) =>
        TypedResults.Ok(await activities.MarkByHandAsync(id, signUpId, ct));

    private static async Task<Ok<SignUpView>> Confirm(long id, long signUpId, ConfirmHours? body, VolunteerActivities activities, CancellationToken ct) =>
        TypedResults.Ok(await activities.ConfirmAsync(id, signUpId, body ?? new ConfirmHours(), ct));

    private static async Task<Ok<SignUpView>> NoShow(long id, long signUpId, VolunteerActivities activities, CancellationToken ct) =>
        TypedResults.Ok(await activities.NoShowAsync(id, signUpId, ct));

    private static async Task<Created<OrderView>> PlaceOrder(PlaceOrder body, ServiceOrders orders, CancellationToken ct)
    {
        var placed = await orders.PlaceAsync(body, ct);
        return TypedResults.Created($"/api/volunteering/orders/{placed.Id}", placed);
    }

    private static async Task<Ok<IReadOnlyList<OrderView>>> MyOrders(ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.MineAsync(ct));

    private static async Task<Ok<IReadOnlyList<OrderView>>> Claimable(ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.ClaimableAsync(ct));

    private static async Task<Ok<OrderView>> Claim(long id, ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.ClaimAsync(id, ct));

    private static async Task<Ok<OrderView>> Complete(long id, CompleteOrder body, ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.CompleteAsync(id, body, ct));

    private static async Task<Ok<OrderView>> Rate(long id, RateOrder body, ServiceOrders orders, CancellationToken ct) => TypedResults.Ok(await orders.RateAsync(id, body, ct));

    private static async Task<FileContentHttpResult> CertificatePdf(long id, HttpRequest request, CertificatePrint print, CancellationToken ct)
    {
        var (name, content) = await print.PdfAsync(id, $"{request.Scheme}://{request.Host}/v/certificate", ct);
        return TypedResults.File(content, "application/pdf", name);
    }

    private static async Task<Ok<CertificateView>> GetCertificate(long id, ServiceCertificates certificates, CancellationToken ct) => TypedResults.Ok(await certificates.GetAsync(id, ct));

    private static async Task<Results<Ok<CertificateCheck>, ProblemHttpResult>> CheckCertificate(string code, ServiceCertificates certificates, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await certificates.CheckAsync(code, ct) is { } check ? TypedResults.Ok(check) : TypedResults.Problem(statusCode: 404, detail: l["No certificate has this verification code."]);
}
