using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Volunteers.Features.Orders;

/// <summary>A service ordered: the skill (an orderable catalogue code), what is wanted; staff name the resident (residentId), a resident's own account orders for itself.</summary>
public sealed record PlaceOrder(string? SkillCode, string? Description, long? ResidentId = null);

/// <summary>The volunteer's report of a done order: the minutes it took.</summary>
public sealed record CompleteOrder(int? Minutes);

/// <summary>The requester's (or staff's) rating, 1 to 5.</summary>
public sealed record RateOrder(int? Rating);

public sealed record OrderView(long Id, string SkillCode, string Description, string RequesterName, string Address, OrderState State, long? VolunteerId,
    string? VolunteerName, DateTimeOffset CreatedAt, DateTimeOffset? ClaimedAt, DateTimeOffset? DoneAt, decimal? Hours, int? Rating, int? Points);

/// <summary>
/// Service orders (点单式): placed by a resident for themselves or by staff for a resident in reach; seen and claimed
/// by verified volunteers whose skills include the order's and whose street (or service areas) hold it — the claim
/// is a conditional update, so two volunteers cannot both take one order; done by the claimant; rated by the
/// requester or staff, which credits the volunteer's points once (key <c>order:{id}:volunteer:{id}</c>).
/// </summary>
public sealed class ServiceOrders(GongzhiDb db, VolunteerPool pool, VolunteerActivities activities, IResidentDirectory residents, IAccountDirectory accounts,
    IServiceProvider services, CurrentUser user, AuditLog audit, TimeProvider clock, IOptions<VolunteersOptions> options, IStringLocalizer<SharedResource> l)
{
    public async Task<OrderView> PlaceAsync(PlaceOrder input, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.SkillCode?.Trim() ?? "";
        v.Require(await db.VolunteerSkills.AnyAsync(s => s.Code == code && s.Orderable, ct), "skillCode", l["Choose a service of the menu."]);
        var description = input.Description?.Trim() ?? "";
        v.Require(description.Length is > 0 and <= 1000, "description", l["Say what is wanted, at most {0} characters.", 1000]);
        ResidentRef? resident;
        if (VolunteerActivities.StaffRoles.Any(user.IsInRole))
        {
            resident = input.ResidentId is { } rid ? await residents.FindAsync(rid, ct) : null;
            if (resident is null) v.Add("residentId", l["Choose a current resident within your reach."]);
        }
        else
        {
            var own = user.Id is { } uid ? await accounts.ResidentOfAsync(uid, ct) : null;
            resident = own is { } rid ? await services.AsSystemAsync(sp => sp.GetRequiredService<IResidentDirectory>().FindAsync(rid, ct)) : null;
            if (resident is null) throw AppProblem.Forbidden(l["Only a resident's own account, or staff for a resident, orders a service."]);
        }
        v.ThrowIfInvalid();
        var order = new ServiceOrder
        {
            SkillCode = code, Description = description, ResidentId = resident!.Id, RequesterName = resident.Name, RequesterUserId = user.Id,
            Address = resident.Address, AreaNodeId = resident.AreaNodeId, AreaPath = resident.AreaPath, State = OrderState.Open, CreatedAt = clock.GetUtcNow(),
        };
        db.ServiceOrders.Add(order);
        audit.RecordNew("order.place", "service-order", order, code, areaPath: order.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(order);
    }

    /// <summary>Staff: the orders in reach, newest first.</summary>
    public async Task<IReadOnlyList<OrderView>> ListAsync(string? state, CancellationToken ct)
    {
        var query = db.ServiceOrders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<OrderState>(state, true, out var s)) throw AppProblem.Invalid("state", l["Say Open, Claimed, Done or Cancelled."]);
            query = query.Where(o => o.State == s);
        }
        return [.. (await query.OrderByDescending(o => o.Id).Take(200).ToListAsync(ct)).Select(View)];
    }

    /// <summary>The open orders the caller (a volunteer) could claim: a skill of theirs, in their street or service areas.</summary>
    public async Task<IReadOnlyList<OrderView>> ClaimableAsync(CancellationToken ct)
    {
        var own = await pool.OwnAsync(ct);
        if (own is null || !own.Verified) return [];
        var skills = own.SkillCodes.ToList();
        var open = await db.ServiceOrders.IgnoreQueryFilters().AsNoTracking().Where(o => o.State == OrderState.Open && skills.Contains(o.SkillCode))
            .OrderBy(o => o.Id).Take(500).ToListAsync(ct);
        return [.. open.Where(o => InRange(own, o)).Select(View)];
    }

    /// <summary>Orders the caller placed or claimed.</summary>
    public async Task<IReadOnlyList<OrderView>> MineAsync(CancellationToken ct)
    {
        var own = await pool.OwnAsync(ct);
        var uid = user.Id;
        var list = await db.ServiceOrders.IgnoreQueryFilters().AsNoTracking()
            .Where(o => (uid != null && o.RequesterUserId == uid) || (own != null && o.VolunteerId == own.Id)).OrderByDescending(o => o.Id).Take(200).ToListAsync(ct);
        return [.. list.Select(View)];
    }

    public async Task<OrderView> ClaimAsync(long id, CancellationToken ct)
    {
        var own = await pool.OwnAsync(ct) ?? throw AppProblem.Conflict(l["Register as a volunteer first."]);
        var order = await db.ServiceOrders.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw AppProblem.NotFound(l["No service order {0}.", id]);
        if (!own.Verified) throw AppProblem.Conflict(l["Your registration is not verified yet."]);
        if (!own.SkillCodes.Contains(order.SkillCode)) throw AppProblem.Conflict(l["This order needs a skill you have not listed."]);
        if (!InRange(own, order)) throw AppProblem.Conflict(l["This order is outside your service areas."]);
        var now = clock.GetUtcNow();
        var taken = await db.ServiceOrders.IgnoreQueryFilters().Where(o => o.Id == id && o.State == OrderState.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.State, OrderState.Claimed).SetProperty(o => o.VolunteerId, own.Id)
                .SetProperty(o => o.VolunteerName, own.Name).SetProperty(o => o.ClaimedAt, now), ct);
        if (taken == 0) throw AppProblem.Conflict(l["The order is taken already."]);
        audit.Record("order.claim", "service-order", id, own.Name, areaPath: order.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(await db.ServiceOrders.IgnoreQueryFilters().AsNoTracking().FirstAsync(o => o.Id == id, ct));
    }

    public async Task<OrderView> CompleteAsync(long id, CompleteOrder input, CancellationToken ct)
    {
        var own = await pool.OwnAsync(ct) ?? throw AppProblem.Conflict(l["Register as a volunteer first."]);
        var order = await db.ServiceOrders.IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id && o.VolunteerId == own.Id, ct)
                    ?? throw AppProblem.NotFound(l["No service order {0} of yours.", id]);
        if (order.State != OrderState.Claimed) throw AppProblem.Conflict(l["Only a claimed order is marked done."]);
        if (input.Minutes is not (> 0 and <= 1440)) throw AppProblem.Invalid("minutes", l["Minutes are 1 to {0}.", 1440]);
        (order.State, order.DoneAt, order.Minutes) = (OrderState.Done, clock.GetUtcNow(), input.Minutes);
        audit.Record("order.done", "service-order", id, $"{input.Minutes} min", areaPath: order.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(order);
    }

    /// <summary>The requester or staff in reach rate a done order; the first rating counts the hours and credits the points.</summary>
    public async Task<OrderView> RateAsync(long id, RateOrder input, CancellationToken ct)
    {
        var order = await db.ServiceOrders.FirstOrDefaultAsync(o => o.Id == id, ct)
                    ?? (user.Id is { } uid ? await db.ServiceOrders.IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id && o.RequesterUserId == uid, ct) : null)
                    ?? throw AppProblem.NotFound(l["No service order {0} is within your reach.", id]);
        if (order.State != OrderState.Done) throw AppProblem.Conflict(l["Only a done order is rated."]);
        if (order.Rating is not null) throw AppProblem.Conflict(l["The order is rated already."]);
        if (input.Rating is not (>= 1 and <= 5)) throw AppProblem.Invalid("rating", l["Rate 1 to 5."]);
        var volunteer = await db.Volunteers.IgnoreQueryFilters().FirstAsync(x => x.Id == order.VolunteerId, ct);
        if (volunteer.UserId is not null && volunteer.UserId == user.Id) throw AppProblem.Forbidden(l["You cannot rate your own service."]);
        order.Points = await activities.EarnAsync(volunteer, options.Value.OrderPoints, l["Service order: {0}", order.Description.Length > 40 ? order.Description[..40] : order.Description],
            "order", order.Id.ToString(), $"order:{order.Id}:volunteer:{volunteer.Id}", ct);
        order.Rating = input.Rating;
        volunteer.MinutesServed += order.Minutes ?? 0;
        audit.Record("order.rate", "service-order", id, input.Rating.ToString(), areaPath: order.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(order);
    }

    /// <summary>In the volunteer's street, or under one of their service areas' codes (a code is a path segment).</summary>
    private static bool InRange(Volunteer v, ServiceOrder o) =>
        o.AreaPath.StartsWith(VolunteerActivities.StreetPrefix(v.AreaPath), StringComparison.Ordinal)
        || (v.ServiceAreas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Any(code => o.AreaPath.Contains("/" + code + "/", StringComparison.Ordinal));

    private static OrderView View(ServiceOrder o) => new(o.Id, o.SkillCode, o.Description, o.RequesterName, o.Address, o.State, o.VolunteerId, o.VolunteerName,
        o.CreatedAt, o.ClaimedAt, o.DoneAt, o.Minutes is { } m ? VolunteerPool.Hours(m) : null, o.Rating, o.Points);
}
