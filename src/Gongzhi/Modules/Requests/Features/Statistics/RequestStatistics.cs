using Gongzhi.Infrastructure;
using System.Globalization;
using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Statistics;

/// <summary>The statistics' question: an area (default: all the caller sees) and a period of Beijing days (default: the last 90).</summary>
public sealed record StatisticsQuery(string? Area = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One line of a breakdown: its key (a category or channel code), label, counts and rates.</summary>
public sealed record StatisticsLine(string Key, string Label, int Received, int Accepted, int Resolved, double? AcceptedOnTimeRate, double? ResolvedOnTimeRate,
    double? AverageScore, double? SatisfiedRate, double? ReopenRate, double? InCommunityRate)
{
    public static StatisticsLine Of(string key, string label, StatisticsCounts c) => new(key, label, c.Received, c.Accepted, c.Resolved,
        c.AcceptedOnTimeRate, c.ResolvedOnTimeRate, c.AverageScore, c.SatisfiedRate, c.ReopenRate, c.InCommunityRate);
}

/// <summary>Property complaints (物业管理 and its subcategories) at one compound (or a building outside compounds).</summary>
public sealed record CompoundComplaints(string AreaCode, string AreaName, int Complaints);

public sealed record MonthLine(string Month, int Received, int Resolved);

public sealed record RequestStatisticsReport(string? AreaCode, string AreaName, DateOnly From, DateOnly To, StatisticsLine Total,
    IReadOnlyList<StatisticsLine> ByCategory, IReadOnlyList<StatisticsLine> ByChannel, IReadOnlyList<MonthLine> ByMonth,
    IReadOnlyList<CompoundComplaints> PropertyComplaints);

/// <summary>
/// Statistics per area and period, by category and by channel, within the caller's data scope. The database does
/// the counting: one GROUP BY over (category, channel) sums every count the rates need, the breakdowns and totals
/// are added up from those few rows; property complaints are one GROUP BY over the path, attributed to compounds
/// through one lookup of the nodes; the monthly trend is one GROUP BY over a month number computed in the query.
/// </summary>
public sealed class RequestStatistics(GongzhiDb db, RequestAccess access, IAreaDirectory areas, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string PropertyCategory = "property";
    private const int MaxDays = 731;

    public async Task<RequestStatisticsReport> ReportAsync(StatisticsQuery input, CancellationToken ct)
    {
        if (!(access.IsAdmin || access.IsInRole(Roles.Street) || access.IsInRole(Roles.Community) || access.IsInRole(Roles.Grid)))
            throw AppProblem.Forbidden(l["Statistics are for area staff."]);
        var today = BeijingTime.Today(clock);
        var to = input.To ?? today;
        var from = input.From ?? to.AddDays(-89);
        var v = new Validation();
        v.Require(from <= to, "from", l["The period must start before it ends."]);
        v.Require(to.DayNumber - from.DayNumber < MaxDays, "to", l["The period is at most {0} days.", MaxDays]);
        v.ThrowIfInvalid();
        // Outside the caller's subtree a node is simply not found, as everywhere else.
        AreaRef? node = null;
        if (!string.IsNullOrWhiteSpace(input.Area) && (node = await areas.FindAsync(input.Area.Trim(), ct)) is null)
            throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", input.Area]);

        var (start, end) = StatisticsMath.Period(from, to);
        // The area scope (not what first responsibility adds): statistics describe areas.
        var scoped = db.Requests.IgnoreQueryFilters().AsNoTracking().Where(access.AreaPredicate());
        if (node is not null) scoped = scoped.Under(r => r.AreaPath, node.Path);
        var inPeriod = scoped.Where(r => r.SubmittedAt >= start && r.SubmittedAt < end);
        var period = inPeriod;
        // SQLite cannot weigh the area range against the submission-time range and may start from the latter, reading
        // every row of the district in the period; the area index holds every column counted here.
        if (node is not null || !access.IsAdmin) period = period.PreferIndex("requests", "r", "IX_requests_area_statistics");

        var months = StatisticsMath.Months(from, to);
        var groups = await GroupsAsync(period, months, ct);
        var categories = await db.RequestCategories.AsNoTracking().ToListAsync(ct);
        var byId = categories.ToDictionary(c => c.Id);
        // By top-level category: a subcategory counts with its parent, as the residents' matters are reported.
        var byCategory = groups.GroupBy(g => byId[g.CategoryId].ParentId is { } p ? byId[p] : byId[g.CategoryId])
            .Select(g => (g.Key, Counts: g.Aggregate(StatisticsCounts.Zero, (sum, x) => sum + x.Counts)))
            .OrderBy(g => g.Key.SortOrder).ThenBy(g => g.Key.Code)
            .Select(g => StatisticsLine.Of(g.Key.Code, g.Key.Name, g.Counts)).ToList();
        var byChannel = groups.GroupBy(g => g.Channel).OrderBy(g => g.Key)
            .Select(g => StatisticsLine.Of(g.Key.ToString(), RequestTexts.Channel(l, g.Key), g.Aggregate(StatisticsCounts.Zero, (sum, x) => sum + x.Counts))).ToList();
        var total = StatisticsLine.Of("total", l["All requests"], groups.Aggregate(StatisticsCounts.Zero, (sum, x) => sum + x.Counts));

        var byMonth = groups.GroupBy(g => g.Month).ToDictionary(g => g.Key, g => g.Aggregate(StatisticsCounts.Zero, (sum, x) => sum + x.Counts));
        var monthLines = months.Select((m, i) => byMonth.TryGetValue(i, out var c) ? new MonthLine(m.Label, c.Received, c.Resolved) : new MonthLine(m.Label, 0, 0)).ToList();

        var propertyIds = categories.Where(c => c.Code == PropertyCategory || (c.ParentId is { } p && byId[p].Code == PropertyCategory)).Select(c => c.Id).ToList();
        // Property complaints are a part of the period: the category index holds the path, and its range is narrower.
        var complaints = await CompoundsAsync(inPeriod.Where(r => propertyIds.Contains(r.CategoryId)).PreferIndex("requests", "r", "IX_requests_CategoryId_AreaPath_SubmittedAt"), ct);
        return new RequestStatisticsReport(node?.Code, node?.Name ?? l["All areas in reach"], from, to, total, byCategory, byChannel, monthLines, complaints);
    }

    private sealed record Group(long CategoryId, RequestChannel Channel, int Month, StatisticsCounts Counts);

    /// <summary>
    /// Every count, summed by the database per (category, channel, month) in one pass over the period: the
    /// breakdowns, the totals and the monthly trend are all added up from these few rows.
    /// </summary>
    private async Task<IReadOnlyList<Group>> GroupsAsync(IQueryable<Request> period, IReadOnlyList<(string Label, DateOnly From, DateOnly To)> months, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var whistles = db.RequestWhistles;
        var rows = await period
            .Select(MonthInliner.Inline(r => new
            {
                r.CategoryId, r.Channel, Month = MonthInliner.MonthOf(r),
                Accepted = r.AcceptedAt != null ? 1 : 0,
                AcceptedOnTime = r.AcceptedAt != null && r.AcceptedAt <= r.AcceptDueAt ? 1 : 0,
                AcceptLate = r.AcceptedAt == null && r.AcceptDueAt < now ? 1 : 0,
                Resolved = r.Status >= RequestStatus.Resolved ? 1 : 0,
                ResolvedOnTime = r.Status >= RequestStatus.Resolved && r.ResolvedAt != null && r.ResolvedAt <= r.ResolveDueAt ? 1 : 0,
                ResolveLate = r.Status < RequestStatus.Resolved && r.ResolveDueAt < now ? 1 : 0,
                Rated = r.SatisfactionScore != null ? 1 : 0,
                Score = r.SatisfactionScore ?? 0,
                Satisfied = r.Satisfied == true ? 1 : 0,
                EverResolved = r.Status >= RequestStatus.Resolved || r.ReopenCount > 0 ? 1 : 0,
                Reopened = r.ReopenCount > 0 ? 1 : 0,
                InCommunity = r.Status >= RequestStatus.Resolved && r.HandlerDepartmentId == null && !whistles.Any(w => w.RequestId == r.Id) ? 1 : 0,
            }, MonthBucket(months)))
            .GroupBy(x => new { x.CategoryId, x.Channel, x.Month })
            .Select(g => new
            {
                g.Key.CategoryId, g.Key.Channel, g.Key.Month, Received = g.Count(),
                Accepted = g.Sum(x => x.Accepted), AcceptedOnTime = g.Sum(x => x.AcceptedOnTime), AcceptLate = g.Sum(x => x.AcceptLate),
                Resolved = g.Sum(x => x.Resolved), ResolvedOnTime = g.Sum(x => x.ResolvedOnTime), ResolveLate = g.Sum(x => x.ResolveLate),
                Rated = g.Sum(x => x.Rated), Score = g.Sum(x => x.Score), Satisfied = g.Sum(x => x.Satisfied),
                EverResolved = g.Sum(x => x.EverResolved), Reopened = g.Sum(x => x.Reopened), InCommunity = g.Sum(x => x.InCommunity),
            }).ToListAsync(ct);
        return [.. rows.Select(r => new Group(r.CategoryId, r.Channel, r.Month, new StatisticsCounts(r.Received, r.Accepted, r.AcceptedOnTime, r.AcceptLate,
            r.Resolved, r.ResolvedOnTime, r.ResolveLate, r.Rated, r.Score, r.Satisfied, r.EverResolved, r.Reopened, r.InCommunity)))];
    }

    /// <summary>
    /// The month a request falls in, as an index into the period's months: <c>r.SubmittedAt &lt; end(0) ? 0 :
    /// r.SubmittedAt &lt; end(1) ? 1 : … : last</c>, plain comparisons both databases translate.
    /// </summary>
    private static Expression<Func<Request, int>> MonthBucket(IReadOnlyList<(string Label, DateOnly From, DateOnly To)> months)
    {
        var r = Expression.Parameter(typeof(Request), "r");
        var submitted = Expression.Property(r, nameof(Request.SubmittedAt));
        Expression body = Expression.Constant(months.Count - 1);
        for (var i = months.Count - 2; i >= 0; i--)
        {
            var end = StatisticsMath.Period(months[i].From, months[i].To).End;
            body = Expression.Condition(Expression.LessThan(submitted, Expression.Constant(end)), Expression.Constant(i), body);
        }
        return Expression.Lambda<Func<Request, int>>(body, r);
    }

    /// <summary>Puts a month bucket built at run time into a projection written as a lambda, where it says <see cref="MonthOf"/>.</summary>
    private sealed class MonthInliner(Expression<Func<Request, int>> bucket) : ExpressionVisitor
    {
        public static int MonthOf(Request r) => throw new InvalidOperationException("Only inside a query projection.");

        public static Expression<Func<Request, T>> Inline<T>(Expression<Func<Request, T>> projection, Expression<Func<Request, int>> bucket) =>
            (Expression<Func<Request, T>>)new MonthInliner(bucket).Visit(projection);

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(MonthOf) && node.Method.DeclaringType == typeof(MonthInliner)
                ? new ParameterReplacer(bucket.Parameters[0], node.Arguments[0]).Visit(bucket.Body)
                : base.VisitMethodCall(node);
    }

    /// <summary>Counts per path, then each path attributed to the compound on it (or, outside compounds, its building).</summary>
    private async Task<IReadOnlyList<CompoundComplaints>> CompoundsAsync(IQueryable<Request> property, CancellationToken ct)
    {
        var perPath = await property.GroupBy(r => r.AreaPath).Select(g => new { Path = g.Key, Count = g.Count() }).ToListAsync(ct);
        if (perPath.Count == 0) return [];
        var codes = perPath.SelectMany(p => p.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var nodes = new Dictionary<string, AreaRef>();
        foreach (var chunk in codes.Chunk(500))
            foreach (var n in await areas.FindManyAsync(chunk, ct)) nodes[n.Code] = n;
        var counts = new Dictionary<string, (AreaRef Node, int Count)>();
        foreach (var p in perPath)
        {
            var lineage = p.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(c => nodes.GetValueOrDefault(c)).OfType<AreaRef>().ToList();
            var place = lineage.FirstOrDefault(n => n.Level == AreaLevel.Compound) ?? lineage.FirstOrDefault(n => n.Level == AreaLevel.Building);
            if (place is null) continue; // Reported at a grid or community as a whole: no compound to name.
            counts[place.Code] = (place, counts.GetValueOrDefault(place.Code).Count + p.Count);
        }
        return [.. counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Node.Code).Select(c => new CompoundComplaints(c.Node.Code, c.Node.Name, c.Count))];
    }

    /// <summary>The report as an .xlsx sheet: the breakdowns one under the other, numbers only (no names of residents or staff).</summary>
    public async Task<byte[]> ExportAsync(StatisticsQuery input, CancellationToken ct)
    {
        var report = await ReportAsync(input, ct);
        string? Num(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
        IReadOnlyList<string?> Line(string section, StatisticsLine s) =>
            [section, s.Key, s.Label, s.Received.ToString(CultureInfo.InvariantCulture), s.Accepted.ToString(CultureInfo.InvariantCulture), s.Resolved.ToString(CultureInfo.InvariantCulture),
             Num(s.AcceptedOnTimeRate), Num(s.ResolvedOnTimeRate), Num(s.AverageScore), Num(s.SatisfiedRate), Num(s.ReopenRate), Num(s.InCommunityRate)];
        var rows = new List<IReadOnlyList<string?>> { Line(l["Total"], report.Total) };
        rows.AddRange(report.ByCategory.Select(s => Line(l["Category"], s)));
        rows.AddRange(report.ByChannel.Select(s => Line(l["Channel"], s)));
        rows.AddRange(report.ByMonth.Select(m => (IReadOnlyList<string?>)[l["Month"], m.Month, m.Month, m.Received.ToString(CultureInfo.InvariantCulture), null, m.Resolved.ToString(CultureInfo.InvariantCulture)]));
        rows.AddRange(report.PropertyComplaints.Select(c => (IReadOnlyList<string?>)[l["Property complaints"], c.AreaCode, c.AreaName, c.Complaints.ToString(CultureInfo.InvariantCulture)]));
        string[] headers = [l["Section"], l["Code"], l["Name"], l["Received"], l["Accepted"], l["Resolved"], l["Accepted on time %"], l["Resolved on time %"],
            l["Average score"], l["Satisfied %"], l["Reopen rate %"], l["Resolved in the community %"]];
        using var buffer = new MemoryStream();
        await Xlsx.WriteAsync(buffer, l["Request statistics"], headers, ToAsync(rows), ct: ct);
        return buffer.ToArray();
    }

    private static async IAsyncEnumerable<IReadOnlyList<string?>> ToAsync(IEnumerable<IReadOnlyList<string?>> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
