using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.Teams;

/// <summary>A team as created: name, level (Corps, Detachment, Squad), parent (one level up), area node code, leader (a volunteer in reach), description.</summary>
public sealed record CreateTeam(string? Name, string? Level, long? ParentId = null, string? AreaCode = null, long? LeaderId = null, string? Description = null);

public sealed record TeamView(long Id, string Name, TeamLevel Level, long? ParentId, long AreaNodeId, long? LeaderId, string? LeaderName, string? Description, int Members);

/// <summary>A team's page: the team, its sub-teams and members.</summary>
public sealed record TeamDetail(TeamView Team, IReadOnlyList<TeamView> Children, IReadOnlyList<VolunteerView> Members);

/// <summary>Teams of 总队 → 分队 → 小队 on area nodes, within the caller's scope: created by staff, members added from the pool.</summary>
public sealed class VolunteerTeams(GongzhiDb db, IAreaDirectory areas, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<TeamView> CreateAsync(CreateTeam input, CancellationToken ct)
    {
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length is > 0 and <= 100, "name", l["Give the name, at most {0} characters.", 100]);
        if (!Enum.TryParse<TeamLevel>(input.Level, true, out var level) || !Enum.IsDefined(level)) v.Add("level", l["Say Corps, Detachment or Squad."]);
        VolunteerTeam? parent = null;
        if (input.ParentId is { } pid)
        {
            parent = await db.VolunteerTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == pid, ct);
            if (parent is null || (int)parent.Level != (int)level - 1) v.Add("parentId", l["A detachment belongs to a corps, a squad to a detachment."]);
        }
        else if (level is TeamLevel.Detachment or TeamLevel.Squad) v.Add("parentId", l["A detachment belongs to a corps, a squad to a detachment."]);
        var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null : await areas.FindAsync(input.AreaCode.Trim(), ct);
        if (node is null) v.Add("areaCode", l["Choose an area node within your reach."]);
        if (input.LeaderId is { } lid && !await db.Volunteers.AnyAsync(x => x.Id == lid, ct)) v.Add("leaderId", l["No volunteer {0} is within your reach.", lid]);
        v.ThrowIfInvalid();
        var team = new VolunteerTeam
        {
            Name = name, Level = level, ParentId = parent?.Id, AreaNodeId = node!.Id, AreaPath = node.Path, LeaderId = input.LeaderId,
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        db.VolunteerTeams.Add(team);
        audit.RecordNew("team.create", "volunteer-team", team, name, areaPath: team.AreaPath);
        await db.SaveChangesAsync(ct);
        if (input.LeaderId is { } leader) await AddMemberAsync(team.Id, leader, ct);
        return await ViewAsync(team, ct);
    }

    public async Task<IReadOnlyList<TeamView>> ListAsync(CancellationToken ct)
    {
        var teams = await db.VolunteerTeams.AsNoTracking().OrderBy(t => t.Level).ThenBy(t => t.Name).Take(500).ToListAsync(ct);
        var result = new List<TeamView>();
        foreach (var t in teams) result.Add(await ViewAsync(t, ct));
        return result;
    }

    public async Task<TeamDetail> GetAsync(long id, CancellationToken ct)
    {
        var team = await db.VolunteerTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblem.NotFound(l["No team {0} is within your reach.", id]);
        var children = new List<TeamView>();
        foreach (var c in await db.VolunteerTeams.AsNoTracking().Where(t => t.ParentId == id).OrderBy(t => t.Name).ToListAsync(ct)) children.Add(await ViewAsync(c, ct));
        var members = await db.Volunteers.AsNoTracking().Where(x => x.TeamId == id).OrderBy(x => x.Name).Take(500).ToListAsync(ct);
        return new TeamDetail(await ViewAsync(team, ct), children, [.. members.Select(VolunteerPool.View)]);
    }

    public async Task<TeamDetail> AddMemberAsync(long id, long volunteerId, CancellationToken ct)
    {
        var team = await db.VolunteerTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblem.NotFound(l["No team {0} is within your reach.", id]);
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(x => x.Id == volunteerId, ct) ?? throw AppProblem.NotFound(l["No volunteer {0} is within your reach.", volunteerId]);
        volunteer.TeamId = team.Id;
        audit.Record("team.member", "volunteer-team", team.Id, volunteer.Name, areaPath: team.AreaPath);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Takes a volunteer out of the team (a team's leader stays its leader until another is named).</summary>
    public async Task<TeamDetail> RemoveMemberAsync(long id, long volunteerId, CancellationToken ct)
    {
        var team = await db.VolunteerTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw AppProblem.NotFound(l["No team {0} is within your reach.", id]);
        var volunteer = await db.Volunteers.FirstOrDefaultAsync(x => x.Id == volunteerId && x.TeamId == id, ct)
                        ?? throw AppProblem.NotFound(l["No member {0} of this team is within your reach.", volunteerId]);
        volunteer.TeamId = null;
        audit.Record("team.member-remove", "volunteer-team", team.Id, volunteer.Name, areaPath: team.AreaPath);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<TeamView> ViewAsync(VolunteerTeam t, CancellationToken ct)
    {
        var leader = t.LeaderId is { } lid ? await db.Volunteers.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == lid).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var members = await db.Volunteers.IgnoreQueryFilters().CountAsync(x => x.TeamId == t.Id, ct);
        return new TeamView(t.Id, t.Name, t.Level, t.ParentId, t.AreaNodeId, t.LeaderId, leader, t.Description, members);
    }
}
