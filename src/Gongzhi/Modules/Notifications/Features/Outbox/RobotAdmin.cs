using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Outbox;

public sealed record RobotView(string Name, string AreaCode, string AreaName, string Url);

public sealed record RobotInput(string? AreaCode, string? Url);

/// <summary>WeCom group robots per area node (admins; URLs encrypted, shown masked, changes audited).</summary>
public sealed partial class RobotAdmin(GongzhiDb db, IAreaDirectory areas, PersonalDataProtector protector, AuditLog audit, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex RobotName();

    public async Task<IReadOnlyList<RobotView>> ListAsync(CancellationToken ct)
    {
        var robots = await db.WeComRobots.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        var nodes = (await areas.NamesAsync([.. robots.Select(r => r.AreaNodeId).Distinct()], ct)).ToDictionary(n => n.Id);
        return [.. robots.Select(r => new RobotView(r.Name, nodes.GetValueOrDefault(r.AreaNodeId)?.Code ?? "", nodes.GetValueOrDefault(r.AreaNodeId)?.Name ?? "", r.UrlMasked))];
    }

    public async Task<RobotView> SaveAsync(string name, RobotInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(RobotName().IsMatch(name), "name", l["A robot name has 1 to 64 lowercase letters, digits or . _ -"]);
        v.Require(Uri.TryCreate(input.Url, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && (input.Url?.Length ?? 0) <= 500,
            "url", l["The robot's webhook URL is required (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)."]);
        v.ThrowIfInvalid();
        var node = await areas.FindAsync(input.AreaCode ?? "", ct) ?? throw AppProblem.Invalid("areaCode", l["No such area."]);
        var robot = await db.WeComRobots.FirstOrDefaultAsync(r => r.Name == name, ct);
        if (robot is null)
            db.WeComRobots.Add(robot = new WeComRobot { Name = name, AreaPath = node.Path, UrlCipher = "", UrlMasked = "" });
        (robot.AreaNodeId, robot.AreaPath, robot.UrlCipher, robot.UrlMasked, robot.UpdatedAt) = (node.Id, node.Path, protector.Encrypt(url!.ToString()), Mask(url!), clock.GetUtcNow());
        audit.Record("notification.robot-saved", "WeComRobot", name, node.Code);
        await db.SaveChangesAsync(ct);
        return new RobotView(name, node.Code, node.Name, robot.UrlMasked);
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        var robot = await db.WeComRobots.FirstOrDefaultAsync(r => r.Name == name, ct) ?? throw AppProblem.NotFound(l["Not found."]);
        db.WeComRobots.Remove(robot);
        audit.Record("notification.robot-deleted", "WeComRobot", name);
        await db.SaveChangesAsync(ct);
    }

    /// <summary><c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****</c>: query values hidden.</summary>
    public static string Mask(Uri url)
    {
        var query = string.Join("&", url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0] + "=****"));
        return url.GetLeftPart(UriPartial.Path) + (query.Length > 0 ? "?" + query : "");
    }
}
