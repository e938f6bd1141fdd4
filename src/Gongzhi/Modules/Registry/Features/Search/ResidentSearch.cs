using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Search;

/// <summary>The conditions of a resident search; every one optional. Bound from the query string by the API and pages.</summary>
public sealed class ResidentQuery
{
    public string? Area { get; set; }
    public int? AgeMin { get; set; }
    public int? AgeMax { get; set; }
    public Sex? Sex { get; set; }
    public ResidencyType? Residency { get; set; }
    public ResidentStatus? Status { get; set; }
    public string[]? TagsAll { get; set; }
    public string[]? TagsAny { get; set; }
    public string[]? TagsNone { get; set; }
    /// <summary>Name or address contains; an ID number or phone is matched exactly (through its keyed hash).</summary>
    public string? Q { get; set; }
    public int? MembersMin { get; set; }
    public int? MembersMax { get; set; }
    public Tenure? Tenure { get; set; }
    /// <summary><c>address</c> (default), <c>name</c>, <c>age</c> or <c>-age</c>.</summary>
    public string? Sort { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    /// <summary>
    /// Minimal APIs bind <c>sex=</c> or <c>ageMax=</c> (what a GET form sends for an empty field) as a failure, and
    /// <c>tagsAny=</c> as one empty tag. Here an empty value means "no condition" for every field, and a value that
    /// does not parse is a field error in the caller's language.
    /// </summary>
    public static ValueTask<ResidentQuery?> BindAsync(HttpContext http) =>
        ValueTask.FromResult<ResidentQuery?>(FromQuery(http.Request.Query, http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()));

    public static ResidentQuery FromQuery(IQueryCollection query, IStringLocalizer l)
    {
        var v = new Validation();
        string[] Values(string key) => [.. query[key].Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!.Trim())];
        string? Text(string key) => Values(key).LastOrDefault();
        string[]? List(string key) => Values(key) is { Length: > 0 } list ? list : null;
        int? Number(string key)
        {
            var text = Text(key);
            if (text is null) return null;
            if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
            v.Add(key, l["Enter a whole number."]);
            return null;
        }
        T? Choice<T>(string key) where T : struct, Enum
        {
            var text = Text(key);
            if (text is null) return null;
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
            v.Add(key, l["{0} is not one of: {1}.", text, string.Join(", ", Enum.GetNames<T>())]);
            return null;
        }
        var result = new ResidentQuery
        {
            Area = Text("area"), Q = Text("q"), AgeMin = Number("ageMin"), AgeMax = Number("ageMax"),
            Sex = Choice<Sex>("sex"), Residency = Choice<ResidencyType>("residency"), Status = Choice<ResidentStatus>("status"),
            TagsAll = List("tagsAll"), TagsAny = List("tagsAny"), TagsNone = List("tagsNone"),
            MembersMin = Number("membersMin"), MembersMax = Number("membersMax"), Tenure = Choice<Tenure>("tenure"),
            Sort = Text("sort"), Page = Number("page"), PageSize = Number("pageSize"),
        };
        v.ThrowIfInvalid();
        return result;
    }
}

public sealed record ResidentRow(
    long Id, string Name, Sex Sex, int Age, DateOnly BirthDate, string IdNumber, string? Phone, HouseholdRelation Relation,
    ResidencyType ResidencyType, ResidentStatus Status, long? HouseholdId, string? Address, IReadOnlyList<string> Tags);

/// <summary>
/// "一键搜详情": any combination of conditions over the registry, inside the caller's scope. The count comes first,
/// then one page. Personal data is masked here; exports unmask only with the permission.
/// </summary>
public sealed class ResidentSearch(GongzhiDb db, IAreaDirectory areas, TagCatalog tags, PersonalDataProtector protector, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxPageSize = 200;

    public async Task<PagedList<ResidentRow>> SearchAsync(ResidentQuery q, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(q.Page, q.PageSize, 20, MaxPageSize);
        var query = await BuildAsync(q, ct);
        var total = await query.CountAsync(ct);
        var residents = total == 0 ? [] : await Sorted(query, q.Sort).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<ResidentRow>(await RowsAsync(residents, ct), total);
    }

    /// <summary>
    /// Validates the conditions and resolves the area (404 when out of reach) now, so an export can refuse before its
    /// response starts; the rows are read later by <see cref="StreamAsync"/>.
    /// </summary>
    public async Task<(IQueryable<Resident> Query, string? AreaPath)> PrepareAsync(ResidentQuery q, CancellationToken ct)
    {
        var (query, areaPath) = await BuildWithPathAsync(q, ct);
        return (Sorted(query, q.Sort), areaPath);
    }

    /// <summary>All rows of a prepared query, in batches, for exports (the caller decides about masking).</summary>
    public async IAsyncEnumerable<(Resident Resident, ResidentRow Row)> StreamAsync(IQueryable<Resident> query, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        const int batch = 1000;
        for (var skip = 0; skip < limit; skip += batch)
        {
            var residents = await query.Skip(skip).Take(Math.Min(batch, limit - skip)).AsNoTracking().ToListAsync(ct);
            var rows = await RowsAsync(residents, ct);
            for (var i = 0; i < residents.Count; i++) yield return (residents[i], rows[i]);
            if (residents.Count < batch) yield break;
        }
    }

    private async Task<IQueryable<Resident>> BuildAsync(ResidentQuery q, CancellationToken ct) => (await BuildWithPathAsync(q, ct)).Query;

    /// <summary>The query, and the path of the subtree it searches when that is one node (null: all of the caller's reach).</summary>
    private async Task<(IQueryable<Resident> Query, string? AreaPath)> BuildWithPathAsync(ResidentQuery q, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(q.AgeMin is null or (>= 0 and <= 150), "ageMin", l["Ages are between 0 and 150."]);
        v.Require(q.AgeMax is null or (>= 0 and <= 150), "ageMax", l["Ages are between 0 and 150."]);
        v.Require(q.AgeMin is null || q.AgeMax is null || q.AgeMin <= q.AgeMax, "ageMax", l["The highest age is below the lowest."]);
        v.Require(q.MembersMin is null or >= 0 && q.MembersMax is null or >= 0, "membersMin", l["Member counts are 0 or more."]);
        v.Require((q.Q?.Length ?? 0) <= 50, "q", l["The search text is at most {0} characters.", 50]);
        v.ThrowIfInvalid();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = db.Residents.AsNoTracking();

        // An explicit path range (a node the caller can see) lets both databases use the search index;
        // the data-scope filter still applies on top.
        var rangePath = db.Scope.SingleFrom;
        var areaCode = string.IsNullOrWhiteSpace(q.Area) ? rangePath?.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() : q.Area.Trim();
        var wide = areaCode is null; // all of an unrestricted caller's reach
        if (areaCode is not null)
        {
            var node = await areas.FindAsync(areaCode, ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", areaCode]);
            rangePath = node.Path;
            wide = node.Level <= AreaLevel.District;
        }

        DateOnly? oldest = null; // the latest birth date an age floor allows, from ageMin or an age tag
        if (q.AgeMin is { } min)
        {
            var bornBy = today.AddYears(-min);
            oldest = bornBy;
            query = query.Where(r => r.BirthDate <= bornBy);
        }
        if (q.AgeMax is { } max)
        {
            var bornAfter = today.AddYears(-(max + 1));
            query = query.Where(r => r.BirthDate > bornAfter);
        }
        var status = q.Status ?? ResidentStatus.Active;
        query = query.Where(r => r.Status == status);
        if (q.Sex is { } sex) query = query.Where(r => r.Sex == sex);
        if (q.Residency is { } residency) query = query.Where(r => r.ResidencyType == residency);

        if (q.TagsAll is { Length: > 0 })
            foreach (var tag in await tags.ResolveAsync(q.TagsAll, "tagsAll", ct))
            {
                query = query.Where(Has(tag, today));
                if (AgeCutoff(tag, today) is { } cutoff && (oldest is null || cutoff < oldest)) oldest = cutoff;
            }
        if (q.TagsNone is { Length: > 0 })
            foreach (var tag in await tags.ResolveAsync(q.TagsNone, "tagsNone", ct)) query = query.Where(Not(Has(tag, today)));
        if (q.TagsAny is { Length: > 0 })
        {
            var any = (await tags.ResolveAsync(q.TagsAny, "tagsAny", ct)).Select(t => Has(t, today)).ToList();
            // Blank entries resolve to nothing; "any of none" is no condition, not an empty result.
            if (any.Count > 0) query = query.Where(any.Aggregate(Or));
        }

        if (rangePath is not null) query = query.Under(r => r.AreaPath, rangePath);
        if (q.MembersMin is { } mMin) query = query.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.MemberCount >= mMin));
        if (q.MembersMax is { } mMax) query = query.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.MemberCount <= mMax));
        if (q.Tenure is { } tenure) query = query.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.Tenure == tenure));

        var text = q.Q?.Trim();
        var byHash = !string.IsNullOrEmpty(text) && (ResidentIdNumber.Validate(text, out _) == ResidentIdNumber.Problem.None
                                                    || ResidentRules.IsPhone(text) || SearchTails.Classify(text) != TailKind.None);
        if (!byHash)
        {
            // Where SQLite cannot know which range is narrower: a district or more with an age floor of 60 or more
            // (the elderly of the whole district) starts from the age index, whose birth-date range is a small part of
            // the registry while the path range is all of it; anything inside a street starts from the path.
            if (wide && oldest is { } o && o <= today.AddYears(-60)) query = query.PreferIndex("residents", "r", "IX_residents_age");
            else if (!wide && rangePath is not null) query = query.PreferIndex("residents", "r", "IX_residents_search");
        }
        if (!string.IsNullOrEmpty(text))
        {
            if (ResidentIdNumber.Validate(text, out var id) == ResidentIdNumber.Problem.None)
            {
                var hashes = protector.LookupHashes(id.Value);
                query = query.Where(r => hashes.Contains(r.IdNumberHash));
            }
            else if (ResidentRules.IsPhone(text))
            {
                var hashes = protector.LookupHashes(text);
                query = query.Where(r => hashes.Contains(r.PhoneHash!));
            }
            else
            {
                query = query.Where(TextCondition(text));
            }
        }
        return (query, rangePath);
    }

    /// <summary>
    /// The search box besides whole numbers: the last 6 characters of an ID number or the last 4 digits of a phone
    /// (through their keyed hashes), or text in a name or address. Digits are also looked for in addresses, since
    /// "1201" may be a room as well as a phone's tail. A longer run of digits is neither and is refused with what
    /// the box accepts, instead of silently finding nothing.
    /// </summary>
    private Expression<Func<Resident, bool>> TextCondition(string text)
    {
        switch (SearchTails.Classify(text))
        {
            case TailKind.IdNumber:
            {
                var hashes = SearchTails.IdNumberHashes(protector, text);
                if (!text.All(char.IsAsciiDigit)) return r => hashes.Contains(r.IdNumberTailHash!);
                return r => hashes.Contains(r.IdNumberTailHash!) || db.Households.Any(h => h.Id == r.HouseholdId && h.Address.Contains(text));
            }
            case TailKind.Phone:
            {
                var hashes = SearchTails.PhoneHashes(protector, text);
                return r => hashes.Contains(r.PhoneTailHash!) || db.Households.Any(h => h.Id == r.HouseholdId && h.Address.Contains(text));
            }
        }
        if (text.Length > SearchTails.IdNumberLength && text.All(c => char.IsAsciiDigit(c) || c is 'X' or 'x'))
            throw AppProblem.Invalid("q", l["Search by a name or an address, a whole ID number or phone, the last 6 characters of an ID number or the last 4 digits of a phone."]);
        return r => r.Name.Contains(text) || db.Households.Any(h => h.Id == r.HouseholdId && h.Address.Contains(text));
    }

    private static IQueryable<Resident> Sorted(IQueryable<Resident> query, string? sort) => sort switch
    {
        "name" => query.OrderBy(r => r.Name).ThenBy(r => r.Id),
        "age" => query.OrderByDescending(r => r.BirthDate).ThenBy(r => r.Id),
        "-age" => query.OrderBy(r => r.BirthDate).ThenBy(r => r.Id),
        _ => query.OrderBy(r => r.AreaPath).ThenBy(r => r.HouseholdId).ThenBy(r => r.Relation).ThenBy(r => r.Id),
    };

    private Expression<Func<Resident, bool>> Has(TagDefinition tag, DateOnly today) => TagPredicate.Has(db, tag, today);

    /// <summary>The latest birth date a computed age tag (60+, 80+ …) allows; null for other tags.</summary>
    private static DateOnly? AgeCutoff(TagDefinition tag, DateOnly today) =>
        tag.Kind == TagKind.Computed ? SystemTags.BornOnOrBefore(SystemTags.All.First(t => t.Code == tag.Code), today) : null;

    private static Expression<Func<Resident, bool>> Not(Expression<Func<Resident, bool>> e) =>
        Expression.Lambda<Func<Resident, bool>>(Expression.Not(e.Body), e.Parameters);

    private static Expression<Func<Resident, bool>> Or(Expression<Func<Resident, bool>> a, Expression<Func<Resident, bool>> b)
    {
        var body = new ParameterReplacer(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<Resident, bool>>(Expression.OrElse(a.Body, body), a.Parameters);
    }


    private async Task<List<ResidentRow>> RowsAsync(List<Resident> residents, CancellationToken ct)
    {
        if (residents.Count == 0) return [];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var householdIds = residents.Where(r => r.HouseholdId != null).Select(r => r.HouseholdId!.Value).Distinct().ToList();
        var addresses = await db.Households.AsNoTracking().IgnoreQueryFilters().Where(h => householdIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Address, ct);
        var ids = residents.Select(r => r.Id).ToList();
        var definitions = await db.TagDefinitions.AsNoTracking().ToListAsync(ct);
        var custom = (await db.ResidentTags.AsNoTracking().Where(t => ids.Contains(t.ResidentId)).ToListAsync(ct))
            .Join(definitions.Where(d => d.Kind == TagKind.Custom), t => t.TagId, d => d.Id, (t, d) => (t.ResidentId, d.Code)).ToLookup(x => x.ResidentId, x => x.Code);
        return residents.Select(r =>
        {
            var tagCodes = definitions.Where(d => d.Bit is { } bit && (r.SystemTagBits & (1L << bit)) != 0).Select(d => d.Code)
                .Concat(SystemTags.All.Where(t => t.Kind == TagKind.Computed && r.BirthDate <= SystemTags.BornOnOrBefore(t, today)).Select(t => t.Code))
                .Concat(custom[r.Id]).ToList();
            return new ResidentRow(r.Id, r.Name, r.Sex, ResidentService.Age(r.BirthDate, today), r.BirthDate, r.IdNumberMasked, r.PhoneMasked,
                r.Relation, r.ResidencyType, r.Status, r.HouseholdId, r.HouseholdId is { } h ? addresses.GetValueOrDefault(h) : null, tagCodes);
        }).ToList();
    }
}
