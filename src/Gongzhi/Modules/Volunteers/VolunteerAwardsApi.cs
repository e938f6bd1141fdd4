using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Volunteers.Features.Awards;
using Gongzhi.Modules.Volunteers.Features.BuildingLeaders;
using Gongzhi.Modules.Volunteers.Features.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Volunteers;

/// <summary>Awards (nominations, decisions, the public list), building leaders' duties (楼长积分) and taking a member out of a team, over HTTP.</summary>
public static class VolunteerAwardsApi
{
    public static IEndpointRouteBuilder MapVolunteerAwardsApi(this IEndpointRouteBuilder app)
    {
        var awards = app.MapGroup("/api/volunteer-awards").WithTags("Volunteers").RequireAuthorization(VolunteersModule.StaffPolicy);
        awards.MapGet("/titles", Titles).WithSummary("The award titles with their nominee kind (Volunteer, Team, Building), yearly limit per awarding node and bonus points.");
        awards.MapPut("/titles/{code}", SetTitle).WithSummary("Admins: a title's limit (null: none) and bonus points.");
        awards.MapGet("/nominations", Nominations).WithSummary("Nominations in reach: area (a node's code), year, state (Pending, Awarded, Declined).");
        awards.MapPost("/nominations", Nominate)
            .WithSummary("Nominates for a title (titleCode) in a year at an awarding node (areaCode): volunteerId, teamId or buildingCode as the title is for, and the reason; the evidence is drawn from the records.");
        awards.MapGet("/nominations/{id:long}", Nomination).WithSummary("One nomination in reach.");
        awards.MapPost("/nominations/{id:long}/decision", Decide)
            .WithSummary("Community staff and above: award (award=true) or decline a pending nomination; one award per title, nominee and year, within the title's limit; bonus points to a volunteer.");

        app.MapGet("/api/public/awards/{area}", PublicAwards).WithTags("Volunteers").AllowAnonymous()
            .WithSummary("Anyone: the awards under an area (its code) in a year (default last year), people's names masked.");

        // Teams: taking a member out (the team routes themselves are in VolunteersApi).
        app.MapDelete("/api/volunteer-teams/{id:long}/members/{volunteerId:long}", RemoveMember).WithTags("Volunteers").RequireAuthorization(VolunteersModule.StaffPolicy)
            .WithSummary("Takes a volunteer out of the team.");

        var leaders = app.MapGroup("/api/building-leaders").WithTags("Volunteers").RequireAuthorization(VolunteersModule.StaffPolicy);
        leaders.MapGet("/", Leaders).WithSummary("Building leaders (楼长) under an area in reach with their points in a year (default this year), most first.");
        leaders.MapPost("/", Appoint).WithSummary("Designates a volunteer (volunteerId) 楼长 of a building (buildingCode).");
        leaders.MapGet("/duties", Duties).WithSummary("The duties a building leader earns points for.");
        leaders.MapPost("/duties", AddDuty).WithSummary("Admins: adds a duty (code, name, points).");
        leaders.MapPut("/duties/{code}", SetDuty).WithSummary("Admins: changes a duty (name, points, active).");
        leaders.MapGet("/{id:long}", Leader).WithSummary("A building leader with the duties recorded.");
        leaders.MapPost("/{id:long}/duties", RecordDuty)
            .WithSummary("Records a duty done (dutyCode, doneOn, note, idempotencyKey — default one per leader, duty and day); earns the duty's points within the bank's caps, once per key.");
        return app;
    }

    private static async Task<Ok<TeamDetail>> RemoveMember(long id, long volunteerId, VolunteerTeams teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.RemoveMemberAsync(id, volunteerId, ct));

    private static async Task<Ok<IReadOnlyList<AwardTitleView>>> Titles(VolunteerAwards awards, CancellationToken ct) => TypedResults.Ok(await awards.TitlesAsync(ct));

    private static async Task<Ok<AwardTitleView>> SetTitle(string code, SetAwardTitle body, VolunteerAwards awards, CancellationToken ct) =>
        TypedResults.Ok(await awards.SetTitleAsync(code, body, ct));

    private static async Task<Ok<IReadOnlyList<NominationView>>> Nominations(string? area, int? year, string? state, VolunteerAwards awards, CancellationToken ct) =>
        TypedResults.Ok(await awards.ListAsync(area, year, state, ct));

    private static async Task<Created<NominationView>> Nominate(Nominate body, VolunteerAwards awards, CancellationToken ct)
    {
        var created = await awards.NominateAsync(body, ct);
        return TypedResults.Created($"/api/volunteer-awards/nominations/{created.Id}", created);
    }

    private static async Task<Ok<NominationView>> Nomination(long id, VolunteerAwards awards, CancellationToken ct) => TypedResults.Ok(await awards.GetAsync(id, ct));

    private static async Task<Ok<NominationView>> Decide(long id, DecideNomination body, VolunteerAwards awards, CancellationToken ct) =>
        TypedResults.Ok(await awards.DecideAsync(id, body, ct));

    private static async Task<Ok<IReadOnlyList<PublicAward>>> PublicAwards(string area, int? year, VolunteerAwards awards, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await awards.PublicListAsync(area, year ?? Infrastructure.BeijingTime.Today(clock).Year - 1, ct));

    private static async Task<Ok<IReadOnlyList<LeaderView>>> Leaders(string? area, int? year, BuildingLeaderDuties leaders, CancellationToken ct) =>
        TypedResults.Ok(await leaders.ListAsync(area, year, ct));

    private static async Task<Created<LeaderView>> Appoint(AppointLeader body, BuildingLeaderDuties leaders, CancellationToken ct)
    {
        var created = await leaders.AppointAsync(body, ct);
        return TypedResults.Created($"/api/building-leaders/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<DutyView>>> Duties(BuildingLeaderDuties leaders, CancellationToken ct) => TypedResults.Ok(await leaders.DutiesAsync(ct));

    private static async Task<Created<DutyView>> AddDuty(NewDuty body, BuildingLeaderDuties leaders, CancellationToken ct)
    {
        var added = await leaders.AddDutyAsync(body, ct);
        return TypedResults.Created("/api/building-leaders/duties", added);
    }

    private static async Task<Ok<DutyView>> SetDuty(string code, SetDuty body, BuildingLeaderDuties leaders, CancellationToken ct) =>
        TypedResults.Ok(await leaders.SetDutyAsync(code, body, ct));

    private static async Task<Ok<LeaderDetail>> Leader(long id, BuildingLeaderDuties leaders, CancellationToken ct) => TypedResults.Ok(await leaders.GetAsync(id, ct));

    private static async Task<Results<Created<DutyRecordView>, Ok<DutyRecordView>>> RecordDuty(long id, RecordDuty body, BuildingLeaderDuties leaders, CancellationToken ct)
    {
        var recorded = await leaders.RecordAsync(id, body, ct);
        return recorded.Replayed ? TypedResults.Ok(recorded) : TypedResults.Created($"/api/building-leaders/{id}", recorded);
    }
}
