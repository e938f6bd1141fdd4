using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Demo;

/// <summary>
/// The demo: the real area tree of 任城区 (Rencheng, 370811) down to its communities, and below the communities of
/// 济阳街道 (370811012) a synthetic but plausible registry — grids, compounds, buildings, units, households and about
/// 20,000 residents (<c>Demo:Residents</c>), generated reproducibly from <c>Demo:RandomSeed</c>.
/// 南门社区 has the compound 玉苑小区 with its building 12号楼, as in the seed reports.
/// </summary>
public sealed class DemoSeeder(
    GongzhiDb db, DivisionImporter divisions, UserManager<GongzhiUser> users, PersonalDataProtector protector,
    IConfiguration config, TimeProvider clock, ILogger<DemoSeeder> log)
{
    public const string Password = "Demo#2026";
    public const string StreetCode = "370811012";
    public const string NanmenCode = "370811012007";

    public static readonly (string UserName, string DisplayName, string Role, string? Area)[] Accounts =
    [
        ("admin", "系统管理员", Roles.Admin, null),
        ("street", "济阳街道 王主任", Roles.Street, StreetCode),
        ("community", "南门社区 李书记", Roles.Community, NanmenCode),
        ("grid1", "南门社区 第一网格 张网格员", Roles.Grid, NanmenCode + "-W01"),
        ("grid2", "南门社区 第二网格 刘网格员", Roles.Grid, NanmenCode + "-W02"),
        ("dept", "任城区综合行政执法局 赵科长", Roles.Department, null),
        ("volunteer", "志愿者 陈晓燕", Roles.Volunteer, null),
        ("resident", "居民", Roles.Resident, null),
    ];

    private static readonly string[] CompoundNames = ["玉苑小区", "运河花园", "龙行小区", "财工街小区", "京杭佳园", "电苑新村", "西后营小区", "草桥口小区", "柳行家园", "济阳大街小区", "南池花园", "古槐苑", "太白楼小区", "东门大街小区"];

    private DemoPeople? _people;

    public async Task<bool> IsSeededAsync(CancellationToken ct) => await db.Users.AnyAsync(u => u.UserName == "admin", ct);

    public async Task SeedAsync(CancellationToken ct)
    {
        db.Scope.GrantAll();
        if (await IsSeededAsync(ct))
        {
            log.LogInformation("Demo data already present");
            return;
        }
        var started = clock.GetTimestamp();
        await using (var csv = typeof(DemoSeeder).Assembly.GetManifestResourceStream("divisions-rencheng-2023.csv")!)
        {
            var report = await divisions.ImportAsync(csv, ct);
            if (!report.Succeeded) throw new InvalidOperationException("Embedded divisions failed to import: " + report.Errors[0].Message);
        }

        var district = await db.AreaNodes.FirstAsync(n => n.Code == "370811", ct);
        db.Departments.AddRange(
            new Department { Code = "chengguan", Name = "综合行政执法局（城管）", AreaNodeId = district.Id },
            new Department { Code = "zhujian", Name = "住房和城乡建设局", AreaNodeId = district.Id },
            new Department { Code = "minzheng", Name = "民政局", AreaNodeId = district.Id },
            new Department { Code = "gongan", Name = "公安分局", AreaNodeId = district.Id },
            new Department { Code = "shichang", Name = "市场监督管理局", AreaNodeId = district.Id },
            new Department { Code = "yingji", Name = "应急管理局", AreaNodeId = district.Id });
        await db.SaveChangesAsync(ct);

        var residentTarget = config.GetValue("Demo:Residents", 20_000);
        var random = new Random(config.GetValue("Demo:RandomSeed", 20261122));
        var people = _people = new DemoPeople(random);
        var street = await db.AreaNodes.FirstAsync(n => n.Code == StreetCode, ct);
        var communities = await db.AreaNodes.Where(n => n.ParentId == street.Id).OrderBy(n => n.Code).ToListAsync(ct);
        var perCommunity = Math.Max(1, residentTarget / communities.Count);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        long? demoResidentId = null;
        var compoundIndex = 0;

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var community in communities)
        {
            var left = perCommunity;
            // Grids of about 1,000 people, and at least two per community so that grid-level data scope shows everywhere.
            var gridCount = Math.Max(2, (int)Math.Ceiling(perCommunity / 1000.0));
            for (var g = 1; g <= gridCount; g++)
            {
                var now = clock.GetUtcNow();
                var grid = Node(community, $"{community.Code}-W{g:00}", $"第{ToChinese(g)}网格", AreaLevel.Grid, now);
                var compoundName = community.Code == NanmenCode && g == 1 ? "玉苑小区" : CompoundNames[compoundIndex++ % CompoundNames.Length] + (compoundIndex > CompoundNames.Length ? $"{compoundIndex / CompoundNames.Length + 1}期" : "");
                var compound = Node(grid, $"{grid.Code}-X01", compoundName, AreaLevel.Compound, now);
                var gridPeople = g == gridCount ? Math.Max(left, 0) : perCommunity / gridCount;
                var households = new List<(Household Household, AreaNode Unit)>();
                var buildingCount = Math.Max(community.Code == NanmenCode && g == 1 ? 12 : 1, (int)Math.Ceiling(gridPeople / 65.0));
                for (var b = 1; b <= buildingCount; b++)
                {
                    var floors = random.Next(0, 4) == 0 ? 11 : 6;
                    var building = Node(compound, $"{compound.Code}-B{b:00}", $"{b}号楼", AreaLevel.Building, now, floors);
                    var unitCount = floors > 6 ? 2 : random.Next(2, 4);
                    for (var u = 1; u <= unitCount; u++)
                    {
                        var unit = Node(building, $"{building.Code}-U{u}", $"{u}单元", AreaLevel.Unit, now, floors, 2);
                        for (var floor = 1; floor <= floors; floor++)
                        for (var r = 1; r <= 2; r++)
                        {
                            if (random.Next(0, 100) < 8) continue; // vacant flat
                            var room = $"{floor}{r:00}";
                            households.Add((new Household
                            {
                                AreaNodeId = 0, AreaPath = unit.Path, Floor = floor, Room = room,
                                Address = $"{compound.Name}{building.Name}{unit.Name}{room}室", CreatedAt = now, UpdatedAt = now,
                            }, unit));
                        }
                    }
                }
                await db.SaveChangesAsync(ct); // nodes get their ids
                foreach (var (household, unit) in households) household.AreaNodeId = unit.Id;
                db.Households.AddRange(households.Select(h => h.Household));
                await db.SaveChangesAsync(ct);

                var residents = new List<Resident>();
                // Occupied flats are spread over the whole grid, not packed into its first buildings.
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(households));
                foreach (var (household, _) in households)
                {
                    if (gridPeople <= 0) break;
                    foreach (var member in Family(people, random, today))
                    {
                        residents.Add(NewResident(household, member, now));
                        gridPeople--;
                        left--;
                    }
                }
                db.Residents.AddRange(residents);
                await db.SaveChangesAsync(ct);
                await DescribeAsync(households.Select(h => h.Household).ToList(), residents, random, today, ct);
                if (community.Code == NanmenCode && g == 1)
                    demoResidentId = residents.FirstOrDefault(r => r.Relation == HouseholdRelation.Householder)?.Id;
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        await SeedPlacesAsync(random, today, ct);
        await SeedPartyOrganizationsAsync(ct);
        await SeedAccountsAsync(demoResidentId, ct);
        log.LogInformation("Demo seeded: {Residents} residents in {Households} households in {Elapsed:0.0}s",
            await db.Residents.CountAsync(ct), await db.Households.CountAsync(ct), clock.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// What a community knows of its residents: memberships, tags (elders living alone, empty nests, party members,
    /// disability, allowances …), political status, employment, tenure. Rates are plausible, not official.
    /// </summary>
    private async Task DescribeAsync(List<Household> households, List<Resident> residents, Random random, DateOnly today, CancellationToken ct)
    {
        var tagIds = await db.TagDefinitions.ToDictionaryAsync(t => t.Code, t => t.Id, ct);
        var now = clock.GetUtcNow();
        var byHousehold = residents.ToLookup(r => r.HouseholdId!.Value);
        foreach (var household in households)
        {
            var members = byHousehold[household.Id].ToList();
            household.MemberCount = members.Count;
            if (members.Count == 0) household.Tenure = random.Next(0, 3) == 0 ? Tenure.Rented : Tenure.Vacant;
            else if (members.Any(m => m.ResidencyType == ResidencyType.Floating)) household.Tenure = Tenure.Rented;
            var elders = members.Count > 0 && members.All(m => m.BirthDate <= today.AddYears(-60));
            foreach (var r in members)
            {
                var age = today.Year - r.BirthDate.Year;
                var tags = new List<SystemTags.Tag>();
                if (elders && members.Count == 1) tags.Add(SystemTags.LivingAlone);
                if (elders && members.Count == 2 && random.Next(0, 100) < 60) tags.Add(SystemTags.EmptyNest);
                r.PoliticalStatus = age >= 18 && random.Next(0, 100) < 9 ? PoliticalStatus.PartyMember : age is >= 14 and < 28 && random.Next(0, 100) < 40 ? PoliticalStatus.LeagueMember : PoliticalStatus.Masses;
                if (r.PoliticalStatus == PoliticalStatus.PartyMember) tags.Add(SystemTags.PartyMember);
                if (random.Next(0, 100) < (age >= 60 ? 8 : 2))
                {
                    r.DisabilityGrade = random.Next(1, 5);
                    tags.Add(SystemTags.Disabled);
                }
                if (age >= 40 && r.Sex == Sex.Male && random.Next(0, 100) < 4) tags.Add(SystemTags.Veteran);
                if (random.Next(0, 100) < 3) tags.Add(SystemTags.LowIncome);
                if (random.Next(0, 100) < 2) tags.Add(SystemTags.MinimumLiving);
                if (random.Next(0, 1000) < 5) tags.Add(SystemTags.KeyPopulation);
                if (age < 16 && random.Next(0, 100) < 3) tags.Add(SystemTags.LeftBehindChild);
                if (age >= 50 && random.Next(0, 100) < 3) tags.Add(SystemTags.SeriousIllness);
                r.SystemTagBits = SystemTags.Mask([.. tags]);
                r.Ethnicity = random.Next(0, 100) < 97 ? "汉族" : random.Next(0, 2) == 0 ? "回族" : "满族";
                r.Employment = age switch { < 6 => Employment.Preschool, < 19 => Employment.Student, >= 60 => Employment.Retired, _ => random.Next(0, 100) < 90 ? Employment.Employed : Employment.Unemployed };
                r.Health = age >= 65 && random.Next(0, 100) < 40 ? HealthStatus.Chronic : HealthStatus.Healthy;
                r.MovedInOn = r.BirthDate.AddYears(Math.Min(age, random.Next(0, 30)));
                db.HouseholdMemberships.Add(new HouseholdMembership { ResidentId = r.Id, HouseholdId = household.Id, Relation = r.Relation, StartedOn = r.MovedInOn.Value });
                foreach (var tag in tags) db.ResidentTags.Add(new ResidentTag { ResidentId = r.Id, TagId = tagIds[tag.Code], SetBy = "demo", SetAt = now });
            }
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Merchants along the streets of each community, and the facilities a grid worker inspects.</summary>
    private async Task SeedPlacesAsync(Random random, DateOnly today, CancellationToken ct)
    {
        string[] shops = ["便利店", "早餐店", "理发店", "水果店", "药店", "面馆", "超市", "家电维修", "快餐店", "烧烤店"];
        var grids = await db.AreaNodes.Where(n => n.Level == AreaLevel.Grid && n.Path.StartsWith("/37/3708/370811/" + StreetCode + "/")).ToListAsync(ct);
        var people = _people!;
        var now = clock.GetUtcNow();
        foreach (var grid in grids)
        {
            for (var i = 0; i < 3; i++)
            {
                var shop = shops[random.Next(shops.Length)];
                var phone = people.Phone();
                var merchant = new Merchant
                {
                    AreaNodeId = grid.Id, AreaPath = grid.Path, Name = people.Surname() + "记" + shop, OwnerName = people.Name(random.Next(2) == 0 ? Sex.Male : Sex.Female),
                    Category = shop is "理发店" ? MerchantCategory.BeautySalon : shop is "家电维修" ? MerchantCategory.Repair : shop is "便利店" or "水果店" or "超市" or "药店" ? MerchantCategory.Retail : MerchantCategory.Catering,
                    LicenceNumber = "91370811MA" + random.Next(10_000_000, 99_999_999), Address = $"{grid.Name}沿街{random.Next(1, 200)}号",
                    OwnerPhoneCipher = protector.Encrypt(phone), OwnerPhoneHash = protector.LookupHash(phone), OwnerPhoneMasked = Masking.Phone(phone),
                    CreatedAt = now, UpdatedAt = now,
                };
                db.Merchants.Add(merchant);
                await db.SaveChangesAsync(ct);
                for (var c = 0; c < random.Next(1, 4); c++)
                    db.HealthCertificates.Add(new HealthCertificate { MerchantId = merchant.Id, HolderName = people.Name(random.Next(2) == 0 ? Sex.Male : Sex.Female), CertificateNumber = "JK" + random.Next(100000, 999999), ExpiresOn = today.AddDays(random.Next(-60, 365)) });
            }
            var buildings = await db.AreaNodes.Where(n => n.Level == AreaLevel.Building && n.Path.StartsWith(grid.Path)).ToListAsync(ct);
            foreach (var building in buildings)
            {
                var installed = today.AddYears(-random.Next(1, 8));
                var inspected = today.AddDays(-random.Next(10, 400));
                db.Facilities.Add(new Facility
                {
                    AreaNodeId = building.Id, AreaPath = building.Path, Kind = FacilityKind.FireExtinguisher, Name = $"{building.Name}灭火器", Location = "各单元一楼楼道",
                    InstalledOn = installed, LastInspectedOn = inspected, NextInspectionOn = inspected.AddYears(1), ExpiresOn = installed.AddYears(6), CreatedAt = now, UpdatedAt = now,
                });
                if (building.Floors > 6)
                    db.Facilities.Add(new Facility
                    {
                        AreaNodeId = building.Id, AreaPath = building.Path, Kind = FacilityKind.Lift, Name = $"{building.Name}电梯", Location = "各单元",
                        InstalledOn = installed, LastInspectedOn = inspected, NextInspectionOn = inspected.AddYears(1), CreatedAt = now, UpdatedAt = now,
                    });
            }
            db.Facilities.Add(new Facility
            {
                AreaNodeId = grid.Id, AreaPath = grid.Path, Kind = FacilityKind.Hydrant, Name = $"{grid.Name}室外消火栓", Location = "小区主路",
                LastInspectedOn = today.AddDays(-random.Next(10, 200)), NextInspectionOn = today.AddDays(random.Next(-30, 180)), CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
    }

    private AreaNode Node(AreaNode parent, string code, string name, AreaLevel level, DateTimeOffset now, int? floors = null, int? rooms = null)
    {
        var node = new AreaNode
        {
            // An already-saved parent is referenced by id: after ChangeTracker.Clear() it is no longer tracked.
            Code = code, Name = name, Level = level, ParentId = parent.Id == 0 ? null : parent.Id, Parent = parent.Id == 0 ? parent : null, Path = AreaNode.ChildPath(parent.Path, code), Depth = parent.Depth + 1,
            Floors = floors, RoomsPerFloor = rooms, CreatedAt = now, UpdatedAt = now,
        };
        db.AreaNodes.Add(node);
        return node;
    }

    private sealed record Member(string Name, Sex Sex, DateOnly Birth, HouseholdRelation Relation, ResidencyType Residency);

    /// <summary>Households as a street office sees them: couples, families with children, elders living alone, tenants.</summary>
    private static IEnumerable<Member> Family(DemoPeople people, Random random, DateOnly today)
    {
        var kind = random.Next(0, 100);
        var surname = people.Surname();
        var residency = random.Next(0, 100) switch { < 70 => ResidencyType.Registered, < 88 => ResidencyType.Permanent, _ => ResidencyType.Floating };
        if (kind < 12)
        {
            // An elder living alone (独居老人).
            var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;
            var birth = people.BirthDate(68, 92, today);
            // About one in six turns 80 within the next four weeks, so 高龄津贴's "will qualify within 30 days" list and
            // its 双提醒 have rows. Derived from the date drawn, not drawn anew: the rest of the demo stays as it was.
            if (birth.DayNumber % 6 == 0) birth = today.AddYears(-80).AddDays(1 + birth.DayNumber % 28);
            yield return new Member(people.Name(sex, surname), sex, birth, HouseholdRelation.Householder, ResidencyType.Registered);
            yield break;
        }
        var elderly = kind < 30;
        var headSex = random.Next(3) == 0 ? Sex.Female : Sex.Male;
        var head = people.BirthDate(elderly ? 60 : 26, elderly ? 85 : 58, today);
        yield return new Member(people.Name(headSex, surname), headSex, head, HouseholdRelation.Householder, residency);
        if (random.Next(0, 100) < 85)
        {
            var spouseSex = headSex == Sex.Male ? Sex.Female : Sex.Male;
            var spouseAge = Math.Clamp(today.Year - head.Year + random.Next(-4, 4), 22, 95);
            yield return new Member(people.Name(spouseSex), spouseSex, people.BirthDate(spouseAge, spouseAge, today), HouseholdRelation.Spouse, residency);
        }
        if (elderly) yield break;
        var headAge = today.Year - head.Year;
        var children = headAge < 30 ? random.Next(0, 2) : random.Next(0, 3);
        for (var c = 0; c < children; c++)
        {
            var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;
            var maxAge = Math.Max(0, headAge - 22);
            yield return new Member(people.Name(sex, headSex == Sex.Male ? surname : null), sex, people.BirthDate(Math.Min(0, maxAge), maxAge, today), HouseholdRelation.Child, residency);
        }
        if (random.Next(0, 100) < 15)
        {
            var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;
            yield return new Member(people.Name(sex), sex, people.BirthDate(Math.Min(95, headAge + 24), Math.Min(98, headAge + 34), today), HouseholdRelation.Parent, ResidencyType.Registered);
        }
    }

    private Resident NewResident(Household household, Member m, DateTimeOffset now)
    {
        var idNumber = _people!.IdNumber(m.Birth, m.Sex);
        var phone = m.Birth.Year < now.Year - 12 ? _people.Phone() : null;
        var resident = new Resident
        {
            HouseholdId = household.Id, AreaPath = household.AreaPath, Name = m.Name, Sex = m.Sex, BirthDate = m.Birth,
            Relation = m.Relation, ResidencyType = m.Residency,
            IdNumberCipher = protector.Encrypt(idNumber), IdNumberHash = protector.LookupHash(idNumber), IdNumberMasked = Masking.IdNumber(idNumber),
            PhoneCipher = phone is null ? null : protector.Encrypt(phone), PhoneHash = phone is null ? null : protector.LookupHash(phone),
            PhoneMasked = phone is null ? null : Masking.Phone(phone), CreatedAt = now, UpdatedAt = now,
        };
        SearchTails.Fill(resident, protector, idNumber, phone);
        return resident;
    }

    private async Task SeedPartyOrganizationsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var street = await db.AreaNodes.FirstAsync(n => n.Code == StreetCode, ct);
        var nanmen = await db.AreaNodes.FirstAsync(n => n.Code == NanmenCode, ct);
        var streetCommittee = Org("济阳街道党工委", PartyOrgLevel.StreetWorkingCommittee, null, street, "王主任");
        db.PartyOrganizations.Add(streetCommittee);
        await db.SaveChangesAsync(ct);
        var communityCommittee = Org("南门社区党委", PartyOrgLevel.CommunityCommittee, streetCommittee, nanmen, "李书记");
        db.PartyOrganizations.Add(communityCommittee);
        await db.SaveChangesAsync(ct);
        var yuyuan = await db.AreaNodes.FirstAsync(n => n.Code == NanmenCode + "-W01-X01", ct);
        var branch = Org("玉苑小区党支部", PartyOrgLevel.Branch, communityCommittee, yuyuan, "孙支书");
        db.PartyOrganizations.Add(branch);
        await db.SaveChangesAsync(ct);
        var building12 = await db.AreaNodes.FirstAsync(n => n.Code == NanmenCode + "-W01-X01-B12", ct);
        var group = Org("12号楼党小组", PartyOrgLevel.BuildingGroup, branch, building12, "周组长");
        db.PartyOrganizations.Add(group);
        await db.SaveChangesAsync(ct);
        var unit1 = await db.AreaNodes.FirstAsync(n => n.Code == NanmenCode + "-W01-X01-B12-U1", ct);
        db.PartyOrganizations.Add(Org("12号楼1单元党员中心户", PartyOrgLevel.CentralHousehold, group, unit1, "吴大姐"));
        await db.SaveChangesAsync(ct);

        PartyOrganization Org(string name, PartyOrgLevel level, PartyOrganization? parent, AreaNode area, string secretary) => new()
        {
            Name = name, Level = level, ParentId = parent?.Id, AreaNodeId = area.Id, AreaPath = area.Path, Secretary = secretary, CreatedAt = now,
        };
    }

    private async Task SeedAccountsAsync(long? residentId, CancellationToken ct)
    {
        var chengguan = await db.Departments.FirstAsync(d => d.Code == "chengguan", ct);
        foreach (var (userName, displayName, role, area) in Accounts)
        {
            var user = new GongzhiUser
            {
                UserName = userName, DisplayName = displayName, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
                DepartmentId = role == Roles.Department ? chengguan.Id : null,
                ResidentId = role == Roles.Resident ? residentId : null,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            if (area is not null)
            {
                var node = await db.AreaNodes.FirstAsync(n => n.Code == area, ct);
                db.UserAreaAssignments.Add(new UserAreaAssignment { UserId = user.Id, AreaNodeId = node.Id, AssignedAt = clock.GetUtcNow(), AssignedBy = "demo" });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string ToChinese(int n) => n switch
    {
        <= 10 => "零一二三四五六七八九十"[n].ToString(),
        < 20 => "十" + (n % 10 == 0 ? "" : "零一二三四五六七八九"[n % 10].ToString()),
        _ => n.ToString(),
    };
}
