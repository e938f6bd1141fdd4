using System.Security.Cryptography;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Open311.Domain;
using Gongzhi.Modules.Open311.Features.Keys;
using Gongzhi.Modules.Requests.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Open311.Features.Demo;

/// <summary>
/// The demo's outside systems: the city's 12345 hotline and a citizen app as API clients (their keys are thrown away:
/// an admin issues a fresh one to try the API), a few hotline cases and Open311 requests in 济阳大街社区 (济阳街道).
/// </summary>
public static class Open311Demo
{
    private const string Community = "370811012001";

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.ApiClients.AnyAsync(ct)) return;
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        ApiClient Client(string name, ApiClientKind kind, int daysAgo) => new()
        {
            Name = name, Kind = kind, KeyHash = ApiKeys.Hash(RandomNumberGenerator.GetHexString(40)), KeyPrefix = kind == ApiClientKind.Hotline ? "gzh_demo" : "gzo_demo",
            CreatedAt = now.AddDays(-daysAgo), CreatedBy = "admin", LastUsedAt = now.AddHours(-3),
        };
        var hotline = Client("济宁市12345政务服务便民热线", ApiClientKind.Hotline, 60);
        var app = Client("随手拍市民App（演示）", ApiClientKind.Open311, 30);
        db.ApiClients.AddRange(hotline, app);
        await db.SaveChangesAsync(ct);

        var intake = sp.GetRequiredService<IRequestIntake>();
        (string Case, string Category, string Address, string Description, string Name, string Phone, int HoursAgo)[] cases =
        [
            ("JN12345-20261126-0412", "heating.cold", "济阳大街社区3号楼", "家中室温只有14度，暖气片不热，已多次反映", "孙女士", "13805371234", 70),
            ("JN12345-20261127-0158", "parking.occupied", "济阳大街社区北门", "小区北门消防通道长期被私家车占用", "周先生", "13905372345", 40),
            ("JN12345-20261128-0933", "sanitation.garbage", "济阳大街社区东侧垃圾站", "垃圾站两天未清运，气味很大", "吴女士", "13605373456", 16),
        ];
        foreach (var c in cases)
            await intake.SubmitAsync(new ExternalRequest(ExternalChannel.Hotline12345, $"hotline:{hotline.Name}", c.Category, Community, c.Address, c.Description,
                c.Name, c.Phone, HotlineCaseNumber: c.Case, ReceivedAt: now.AddHours(-c.HoursAgo)), ct);

        (string Category, string Address, string Description, double Lat, double Long)[] reports =
        [
            ("facilities.lighting", "建设路与济阳大街路口", "路口两盏路灯不亮，夜间行人看不清", 35.5562, 116.8421),
            ("facilities.road", "济阳大街中段", "人行道地砖松动翘起，老人容易绊倒", 35.5571, 116.8437),
        ];
        foreach (var r in reports)
        {
            var created = await intake.SubmitAsync(new ExternalRequest(ExternalChannel.Open311, $"open311:{app.Name}", r.Category, Community, r.Address, r.Description,
                Latitude: r.Lat, Longitude: r.Long), ct);
            db.Open311Submissions.Add(new Open311Submission
            {
                ServiceRequestId = created.Request.TrackingCode, Token = Guid.NewGuid().ToString("N"), ApiClientId = app.Id, SubmittedAt = created.Request.SubmittedAt,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
