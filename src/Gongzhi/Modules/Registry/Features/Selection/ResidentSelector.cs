using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Selection;

/// <summary>
/// <see cref="IResidentSelector"/>: a <see cref="ResidentCriterion"/> becomes one WHERE clause over <c>residents</c>
/// (ages as birth-date ranges, system tags as bit tests, custom tags and household facts as EXISTS subqueries), so a
/// count over a district runs in the database from the search indexes and never loads people to test them.
/// </summary>
public sealed class ResidentSelector(GongzhiDb db, IAreaDirectory areas, TagCatalog tags, PersonalDataProtector protector, TimeProvider clock,
    IStringLocalizer<SharedResource> l) : IResidentSelector
{
    private static readonly ParameterExpression R = Expression.Parameter(typeof(Resident), "r");

    public async Task<ResidentSelection> SelectAsync(ResidentCriterion criterion, DateOnly on, string? areaPath, CancellationToken ct, bool check = true)
    {
        var context = new Context(on, await ResolveTagsAsync(criterion, check, ct), await ResolveAreasAsync(criterion, check, ct));
        var query = db.Residents.AsNoTracking().Where(r => r.Status == ResidentStatus.Active);
        // An explicit range (the asked node, or the caller's one subtree) lets both databases start from the path index.
        var range = areaPath ?? db.Scope.SingleFrom;
        if (range is not null) query = query.Under(r => r.AreaPath, range);
        return new Selection(query.Where(Expression.Lambda<Func<Resident, bool>>(Build(criterion, context), R)));
    }

    public ResidentSelection OfIds(IQueryable<long> ids, string? areaPath)
    {
        var range = areaPath ?? db.Scope.SingleFrom;
        // Below a district the area's residents are fewer than the ids (a district's enrolments): start from the
        // path range and probe the ids per resident (EXISTS). Over a district or more, start from the ids (IN).
        // PostgreSQL plans either as a semi-join; SQLite follows the form, and read 41,000 enrolments for a
        // community's review list (100 ms) with IN.
        var narrow = range is not null && range.Count(c => c == '/') > 4; // "/37/3708/370811/" is a district
        var query = narrow ? db.Residents.AsNoTracking().Where(r => ids.Any(id => id == r.Id)) : db.Residents.AsNoTracking().Where(r => ids.Contains(r.Id));
        return new Selection(range is null ? query : query.Under(r => r.AreaPath, range));
    }

    /// <summary>The registry's selection: a query over residents, so counting and paging read the table once.</summary>
    private sealed class Selection(IQueryable<Resident> query) : ResidentSelection
    {
        public IQueryable<Resident> Query { get; } = query;

        public override IQueryable<long> Ids => Query.Select(r => r.Id);

        // NOT EXISTS rather than NOT IN: a correlated anti-join probes the caller's index per resident instead of
        // hashing all of its rows first (a district's enrolments, for a community's few hundred residents).
        public override ResidentSelection Except(IQueryable<long> ids) => new Selection(Query.Where(r => !ids.Any(id => id == r.Id)));
    }

    private static IQueryable<Resident> Of(ResidentSelection selection) =>
        (selection as Selection ?? throw new ArgumentException("Not a selection of this registry.", nameof(selection))).Query;

    public Task<int> CountAsync(ResidentSelection selection, CancellationToken ct) => Of(selection).CountAsync(ct);

    public async Task<PagedList<ResidentSummary>> PageAsync(ResidentSelection selection, int page, int pageSize, CancellationToken ct)
    {
        var query = Of(selection);
        var total = await query.CountAsync(ct);
        if (total == 0) return new PagedList<ResidentSummary>([], 0);
        var residents = await query.OrderBy(r => r.AreaPath).ThenBy(r => r.HouseholdId).ThenBy(r => r.Relation).ThenBy(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<ResidentSummary>(await SummariesAsync(residents, false, ct), total);
    }

    /// <summary>
    /// The selection's ids are read first, in one pass (the area's path range from its index), then the residents by
    /// id a thousand at a time. Paging the selection itself by id ("id &gt; last order by id limit 1000") let SQLite
    /// read the whole path range and sort it for every page: a street of 100,000 residents read the range 100 times.
    /// </summary>
    public async IAsyncEnumerable<ResidentSummary> StreamAsync(ResidentSelection selection, bool unmasked, int limit, [EnumeratorCancellation] CancellationToken ct)
    {
        const int batch = 1000;
        var ids = await Of(selection).Select(r => r.Id).ToListAsync(ct);
        ids.Sort();
        if (ids.Count > limit) ids.RemoveRange(limit, ids.Count - limit);
        foreach (var chunk in ids.Chunk(batch))
        {
            var residents = await db.Residents.AsNoTracking().Where(r => chunk.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
            foreach (var summary in await SummariesAsync(residents, unmasked, ct)) yield return summary;
        }
    }

    public async Task<ResidentSummary?> FindAsync(long residentId, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, ct);
        return resident is null ? null : (await SummariesAsync([resident], false, ct))[0];
    }

    public async Task<IReadOnlyList<IdNumberMatch>> MatchIdNumbersAsync(IReadOnlyList<string> idNumbers, CancellationToken ct)
    {
        var valid = new Dictionary<string, string>(); // hash → normalised number
        var normalised = idNumbers.Select(input =>
        {
            if (ResidentIdNumber.Validate(input, out var id) != ResidentIdNumber.Problem.None) return null;
            foreach (var hash in protector.LookupHashes(id.Value)) valid[hash] = id.Value;
            return id.Value;
        }).ToList();
        var found = new Dictionary<string, (long Id, string Name, string AreaPath)>();
        foreach (var chunk in valid.Keys.Chunk(500))
        {
            var rows = await db.Residents.AsNoTracking().Where(r => chunk.Contains(r.IdNumberHash)).Select(r => new { r.Id, r.Name, r.IdNumberHash, r.AreaPath }).ToListAsync(ct);
            foreach (var row in rows) found[valid[row.IdNumberHash]] = (row.Id, row.Name, row.AreaPath);
        }
        return idNumbers.Select((input, i) => normalised[i] is not { } number
            ? new IdNumberMatch(input, null, null, false)
            : found.TryGetValue(number, out var hit) ? new IdNumberMatch(input, hit.Id, hit.Name, true, hit.AreaPath) : new IdNumberMatch(input, null, null, true)).ToList();
    }

    private async Task<List<ResidentSummary>> SummariesAsync(List<Resident> residents, bool unmasked, CancellationToken ct)
    {
        if (residents.Count == 0) return [];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var householdIds = residents.Where(r => r.HouseholdId != null).Select(r => r.HouseholdId!.Value).Distinct().ToList();
        // Addresses of households of residents already in reach (a moved-out resident's last one may be retired).
        var addresses = await db.Households.AsNoTracking().IgnoreQueryFilters().Where(h => householdIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Address, ct);
        return residents.Select(r => new ResidentSummary(r.Id, r.Name, (SexKind)r.Sex, r.BirthDate, ResidentService.Age(r.BirthDate, today),
            unmasked ? protector.Decrypt(r.IdNumberCipher) : r.IdNumberMasked,
            unmasked ? r.PhoneCipher is null ? null : protector.Decrypt(r.PhoneCipher) : r.PhoneMasked,
            (ResidencyKind)r.ResidencyType, r.Status == ResidentStatus.Active,
            r.HouseholdId is { } h ? addresses.GetValueOrDefault(h) : null, r.AreaPath)).ToList();
    }

    private sealed record Context(DateOnly On, IReadOnlyDictionary<string, TagDefinition?> Tags, IReadOnlyDictionary<string, string?> AreaPaths);

    private static IEnumerable<ResidentCriterion> Leaves(ResidentCriterion c) => c switch
    {
        ResidentCriterion.All a => a.Items.SelectMany(Leaves),
        ResidentCriterion.Any a => a.Items.SelectMany(Leaves),
        ResidentCriterion.Not n => Leaves(n.Inner),
        _ => [c],
    };

    /// <summary>Statuses written as tags (已故 deceased, 迁出 moved out): a rule may exclude them by name.</summary>
    private static readonly Dictionary<string, ResidentStatus> StatusTags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["已故"] = ResidentStatus.Deceased, ["deceased"] = ResidentStatus.Deceased, ["死亡"] = ResidentStatus.Deceased,
        ["迁出"] = ResidentStatus.MovedOut, ["moved-out"] = ResidentStatus.MovedOut,
    };

    private async Task<IReadOnlyDictionary<string, TagDefinition?>> ResolveTagsAsync(ResidentCriterion criterion, bool check, CancellationToken ct)
    {
        var wanted = Leaves(criterion).OfType<ResidentCriterion.Tag>().ToList();
        if (wanted.Count == 0) return new Dictionary<string, TagDefinition?>();
        // A saved rule keeps working for whoever reads it: its custom tag may belong to a district the reader's
        // catalogue does not offer, and the assignments are what counts.
        var usable = check ? await tags.UsableAsync(ct) : await db.TagDefinitions.AsNoTracking().ToListAsync(ct);
        var result = new Dictionary<string, TagDefinition?>();
        foreach (var tag in wanted)
        {
            if (StatusTags.ContainsKey(tag.CodeOrName)) { result[tag.CodeOrName] = null; continue; }
            var found = usable.FirstOrDefault(t => t.Code == tag.CodeOrName || t.Name == tag.CodeOrName);
            if (found is null && check) throw new InvalidCriterionException(tag.Position, tag.CodeOrName, l["Unknown tag: {0}.", tag.CodeOrName]);
            result[tag.CodeOrName] = found ?? Gone;
        }
        return result;
    }

    /// <summary>Stands for a tag a saved rule names that no longer exists: nobody holds it.</summary>
    private static readonly TagDefinition Gone = new() { Code = "", Name = "", Kind = TagKind.Custom, Id = -1 };

    private async Task<IReadOnlyDictionary<string, string?>> ResolveAreasAsync(ResidentCriterion criterion, bool check, CancellationToken ct)
    {
        var result = new Dictionary<string, string?>();
        foreach (var area in Leaves(criterion).OfType<ResidentCriterion.InArea>())
        {
            result[area.Code] = (await areas.FindAsync(area.Code, ct))?.Path;
            if (result[area.Code] is null && check)
                throw new InvalidCriterionException(area.Position, area.Code, l["No area node with code {0} is within your reach.", area.Code]);
        }
        return result;
    }

    private Expression Build(ResidentCriterion criterion, Context c) => criterion switch
    {
        ResidentCriterion.All a => a.Items.Count == 0 ? Expression.Constant(true) : a.Items.Select(i => Build(i, c)).Aggregate(Expression.AndAlso),
        ResidentCriterion.Any a => a.Items.Count == 0 ? Expression.Constant(false) : a.Items.Select(i => Build(i, c)).Aggregate(Expression.OrElse),
        ResidentCriterion.Not n => Expression.Not(Build(n.Inner, c)),
        ResidentCriterion.Age a => Body(Born(AgeBounds(a.Operator, a.Years, c.On))),
        ResidentCriterion.Residency x => Body(Residency((ResidencyType)x.Kind)),
        ResidentCriterion.Sex x => Body(OfSex((Sex)x.Kind)),
        ResidentCriterion.Tag t => Body(Has(c.Tags[t.CodeOrName], t.CodeOrName, c.On)),
        ResidentCriterion.HouseholdSize h => Body(HouseholdOf(Compare<Household>(x => x.MemberCount, h.Operator, h.Members))),
        ResidentCriterion.MemberAge m => Body(AgeBounds(m.Operator, m.Years, c.On).Select(MemberBorn).Aggregate(Or)),
        ResidentCriterion.DisabilityGrade d => Body(Grade(d.Operator, d.Grade)),
        // An area out of the reader's reach holds none of the residents the reader can see.
        ResidentCriterion.InArea a => c.AreaPaths[a.Code] is { } path ? Body(PathRange.Predicate<Resident>(r => r.AreaPath, path)) : Expression.Constant(false),
        _ => throw new ArgumentOutOfRangeException(nameof(criterion)),
    };

    private static Expression Body(Expression<Func<Resident, bool>> e) => new ParameterReplacer(e.Parameters[0], R).Visit(e.Body);

    private static Expression<Func<Resident, bool>> Or(Expression<Func<Resident, bool>> a, Expression<Func<Resident, bool>> b) =>
        Expression.Lambda<Func<Resident, bool>>(Expression.OrElse(Body(a), Body(b)), R);

    /// <summary>An age condition as birth-date ranges (After exclusive, OnOrBefore inclusive): one, or two for !=.</summary>
    private static IReadOnlyList<(DateOnly? After, DateOnly? OnOrBefore)> AgeBounds(CriterionOperator op, int years, DateOnly on)
    {
        // age >= n ⇔ born on or before on − n years; age < n ⇔ born after it.
        DateOnly Cut(int n) => on.AddYears(-Math.Min(n, 200));
        return op switch
        {
            CriterionOperator.GreaterOrEqual => [(null, Cut(years))],
            CriterionOperator.Greater => [(null, Cut(years + 1))],
            CriterionOperator.Less => [(Cut(years), null)],
            CriterionOperator.LessOrEqual => [(Cut(years + 1), null)],
            CriterionOperator.Equal => [(Cut(years + 1), Cut(years))],
            _ => [(Cut(years), null), (null, Cut(years + 1))],
        };
    }

    private static Expression<Func<Resident, bool>> Born(IReadOnlyList<(DateOnly? After, DateOnly? OnOrBefore)> ranges) =>
        ranges.Select(range => range switch
        {
            ({ } after, { } last) => (Expression<Func<Resident, bool>>)(r => r.BirthDate > after && r.BirthDate <= last),
            ({ } after, null) => r => r.BirthDate > after,
            (null, { } last) => r => r.BirthDate <= last,
            _ => r => true,
        }).Aggregate(Or);

    /// <summary>Another current member of the same household born in the range.</summary>
    private Expression<Func<Resident, bool>> MemberBorn((DateOnly? After, DateOnly? OnOrBefore) range)
    {
        var born = Born([range]);
        return r => db.Residents.Where(born).Any(o => o.HouseholdId == r.HouseholdId && o.Id != r.Id && o.Status == ResidentStatus.Active);
    }

    private Expression<Func<Resident, bool>> HouseholdOf(Expression<Func<Household, bool>> condition) =>
        r => db.Households.Where(condition).Any(h => h.Id == r.HouseholdId);

    private static Expression<Func<Resident, bool>> Residency(ResidencyType type) => r => r.ResidencyType == type;

    private static Expression<Func<Resident, bool>> OfSex(Sex sex) => r => r.Sex == sex;

    private static Expression<Func<Resident, bool>> Grade(CriterionOperator op, int grade)
    {
        var compare = Compare<Resident>(r => r.DisabilityGrade ?? 0, op, grade);
        // Without a grade, no comparison holds (not even !=): the rule speaks of disabled residents.
        return Expression.Lambda<Func<Resident, bool>>(Expression.AndAlso(Body(r => r.DisabilityGrade != null), new ParameterReplacer(compare.Parameters[0], R).Visit(compare.Body)), R);
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, int>> value, CriterionOperator op, int operand)
    {
        Expression right = Expression.Property(Expression.Constant(new Operand(operand)), nameof(Operand.Value)); // a parameter, not a literal
        var body = op switch
        {
            CriterionOperator.Equal => Expression.Equal(value.Body, right),
            CriterionOperator.NotEqual => Expression.NotEqual(value.Body, right),
            CriterionOperator.Greater => Expression.GreaterThan(value.Body, right),
            CriterionOperator.GreaterOrEqual => Expression.GreaterThanOrEqual(value.Body, right),
            CriterionOperator.Less => Expression.LessThan(value.Body, right),
            _ => Expression.LessThanOrEqual(value.Body, right),
        };
        return Expression.Lambda<Func<T, bool>>(body, value.Parameters);
    }

    private sealed record Operand(int Value);

    /// <summary>Status tags (已故, 迁出 …) test the resident's status; the others as the registry's search tests them.</summary>
    private Expression<Func<Resident, bool>> Has(TagDefinition? tag, string name, DateOnly on)
    {
        if (tag is not null) return TagPredicate.Has(db, tag, on);
        var status = StatusTags[name];
        return r => r.Status == status;
    }
}
