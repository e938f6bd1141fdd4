using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Care.Features.Demo;

/// <summary>
/// A care roster in 南门社区's two demo grids: the oldest residents of each, enrolled some weeks ago with grid1 or
/// grid2 as visitor and a child as emergency contact, with visits over the past weeks (a few with problems), so the
/// roster shows entries visited in time, due and overdue. Idempotent: nothing when a roster exists.
/// </summary>
internal static class CareDemo
{
    private static readonly (string Grid, string Visitor)[] Grids = [("370811012007-W01", "grid1"), ("370811012007-W02", "grid2")];
    private static readonly CareKind[] Kinds = [CareKind.LivingAlone, CareKind.EmptyNest, CareKind.LivingAlone, CareKind.Disabled, CareKind.EmptyNest, CareKind.LivingAlone];
    private static readonly (string Item, string Note)[] Problems =
        [("gas", "燃气软管老化，已提醒更换"), ("passage", "楼道堆放纸箱"), ("health", "血压偏高，建议到社区卫生室复查"), ("electricity", "插线板过载")];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.CareEntries.AnyAsync(ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var selector = sp.GetRequiredService<IResidentSelector>();
        var residents = sp.GetRequiredService<IResidentDirectory>();
        var accounts = sp.GetRequiredService<IAccountDirectory>();
        var protector = sp.GetRequiredService<PersonalDataProtector>();
        var random = new Random(sp.GetRequiredService<IConfiguration>().GetValue("Demo:RandomSeed", 20261122) + 17);
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = BeijingTime.Date(now);
        foreach (var (gridCode, visitorName) in Grids)
        {
            var grid = await areas.FindAsync(gridCode, ct);
            var visitor = await accounts.StaffAsync(visitorName, ct);
            if (grid is null || visitor is null) continue; // not the demo tree
            var selection = await selector.SelectAsync(new ResidentCriterion.Age(CriterionOperator.GreaterOrEqual, 70), today, grid.Path, ct, check: false);
            var picked = (await selector.PageAsync(selection, 1, Kinds.Length, ct)).Items;
            for (var i = 0; i < picked.Count; i++)
            {
                if (await residents.FindAsync(picked[i].Id, ct) is not { } r) continue;
                var frequency = i % 2 == 0 ? 7 : 14;
                var enrolled = today.AddDays(-random.Next(40, 90));
                var phone = "139" + random.Next(10000000, 99999999);
                var entry = new CareEntry
                {
                    ResidentId = r.Id, ResidentName = r.Name, ResidentPhoneMasked = r.PhoneMasked, HouseholdId = r.HouseholdId, Address = r.Address,
                    AreaNodeId = r.AreaNodeId, AreaPath = r.AreaPath, Kind = Kinds[i], FrequencyDays = frequency,
                    VisitorsJson = CareEntry.ToJson(new List<CareVisitor> { new(visitor.UserId, visitor.UserName, visitor.DisplayName) }),
                    ContactsJson = CareEntry.ToJson(new List<CareContact> { new(r.Name[..1] + "建国", i % 2 == 0 ? "儿子" : "女儿", protector.Encrypt(phone), Masking.Phone(phone)) }),
                    EnrolledOn = enrolled, CreatedAt = now, UpdatedAt = now,
                };
                db.CareEntries.Add(entry);
                await db.SaveChangesAsync(ct);
                // Visits every period or so; the last one's distance from today decides due or overdue.
                var lastGap = i switch { 0 => 2, 1 => 20, 2 => 9, _ => random.Next(1, frequency + 4) };
                var visits = new List<DateOnly>();
                for (var day = today.AddDays(-lastGap); day > enrolled; day = day.AddDays(-frequency)) visits.Add(day);
                foreach (var day in visits.OrderBy(d => d))
                {
                    var problem = random.NextDouble() < 0.25 ? Problems[random.Next(Problems.Length)] : default;
                    var results = CareChecklist.Items.Select(item => item == problem.Item ? new CheckResult(item, false, problem.Note) : new CheckResult(item, true, null)).ToList();
                    var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9 + random.Next(8), random.Next(60))), BeijingTime.Offset).ToUniversalTime();
                    db.CareVisits.Add(new CareVisit
                    {
                        EntryId = entry.Id, AreaPath = entry.AreaPath, VisitedAt = at, VisitorUserId = visitor.UserId, VisitorName = visitor.DisplayName,
                        ChecklistJson = CareEntry.ToJson(results), ProblemCount = results.Count(x => !x.Ok), Notes = problem.Item is null ? "老人身体和精神状况良好" : null,
                    });
                    entry.LastVisitedAt = at;
                }
                if (i < 2) CheckInHistory(db, protector, entry, visitor, phone, now, today, random);
                entry.NextDueOn = CareRoster.NextDue(entry);
                await Reminders.CareDueVisits.RegisterAsync(sp.GetRequiredService<Gongzhi.Modules.Reminders.Contracts.IDueItems>(), entry,
                    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CareOptions>>().Value, ct);
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>
    /// 窗帘之约 for the first two of each grid: the visitor designated, and ~45 days of marks with a few alerts (closed
    /// with a finding) and a missed day, the last stretch unbroken, so the streak calendar has something to show.
    /// Today stays open for the job and the one-tap mark.
    /// </summary>
    private static void CheckInHistory(GongzhiDb db, PersonalDataProtector protector, CareEntry entry, StaffAccount visitor, string contactPhone, DateTimeOffset now,
        DateOnly today, Random random)
    {
        entry.CheckInWatchersJson = CareEntry.ToJson(new List<CareVisitor> { new(visitor.UserId, visitor.UserName, visitor.DisplayName) });
        // The door card (a token as staff would print it), the SMS reply code, and the child's phone allowed to text it.
        var token = Gongzhi.Infrastructure.Security.PrintedTokens.New();
        db.CareDoorTokens.Add(new CareDoorToken
        {
            EntryId = entry.Id, AreaPath = entry.AreaPath, TokenHash = Gongzhi.Infrastructure.Security.PrintedTokens.Hash(token), TokenCipher = protector.Encrypt(token),
            IssuedAt = now.AddDays(-46), IssuedByName = visitor.DisplayName,
        });
        entry.SmsReplyCode = (100000 + (int)(entry.Id * 7919 % 900000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.CareCheckInPhones.Add(new CareCheckInPhone
        {
            EntryId = entry.Id, AreaPath = entry.AreaPath, PhoneHash = protector.LookupHash(contactPhone), PhoneCipher = protector.Encrypt(contactPhone), PhoneMasked = Masking.Phone(contactPhone),
        });
        var streak = random.Next(6, 15);
        for (var back = 45; back >= 1; back--)
        {
            var day = today.AddDays(-back);
            var roll = back <= streak ? 1.0 : random.NextDouble();
            DateTimeOffset At(int hour, int minute) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), BeijingTime.Offset).ToUniversalTime();
            if (roll < 0.08)
                db.CareAlerts.Add(new CareAlert
                {
                    EntryId = entry.Id, AreaPath = entry.AreaPath, ResidentName = entry.ResidentName, Address = entry.Address, Day = day, RaisedAt = At(10, 0),
                    ClosedAt = At(10, 40), Finding = "电话联系上，老人在女儿家，平安", ClosedByName = visitor.DisplayName,
                });
            else if (roll < 0.11) continue; // a day the job did not see: shown as missed
            else
            {
                // Most mornings by the QR code on the door, some by SMS from the child's phone, a few by the visitor's tap.
                var channel = (back % 5) switch { 0 => CheckInChannel.Sms, 3 => CheckInChannel.App, _ => CheckInChannel.DoorQr };
                var by = channel switch { CheckInChannel.Sms => Masking.Phone(contactPhone), CheckInChannel.DoorQr => "door QR", _ => visitor.DisplayName };
                db.CareCheckIns.Add(new CareCheckIn { EntryId = entry.Id, AreaPath = entry.AreaPath, Day = day, MarkedAt = At(7 + random.Next(2), random.Next(60)), MarkedByName = by, Channel = channel });
            }
        }
    }
}
