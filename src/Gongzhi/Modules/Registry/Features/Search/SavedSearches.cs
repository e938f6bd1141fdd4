using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Search;

public sealed record SaveSearch(string? Name, string? Query);

public sealed record SavedSearchView(long Id, string Name, string Query);

/// <summary>Each user's named searches (the query string of the search page), so a list is one click away.</summary>
public sealed class SavedSearches(GongzhiDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxPerUser = 50;

    public async Task<IReadOnlyList<SavedSearchView>> MineAsync(CancellationToken ct) =>
        await db.SavedSearches.AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.Name)
            .Select(s => new SavedSearchView(s.Id, s.Name, s.Query)).ToListAsync(ct);

    public async Task<SavedSearchView> SaveAsync(SaveSearch input, CancellationToken ct)
    {
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        var query = input.Query?.Trim().TrimStart('?') ?? "";
        v.Require(name.Length is > 0 and <= 50, "name", l["Enter a name of at most {0} characters.", 50]);
        v.Require(query.Length is > 0 and <= 2000, "query", l["The search to save is empty or too long."]);
        v.ThrowIfInvalid();
        var mine = await db.SavedSearches.Where(s => s.UserId == user.Id).ToListAsync(ct);
        var existing = mine.FirstOrDefault(s => s.Name == name);
        if (existing is null && mine.Count >= MaxPerUser) throw AppProblem.Conflict(l["You keep {0} saved searches already; delete one first.", MaxPerUser]);
        if (existing is null)
        {
            existing = new SavedSearch { UserId = user.Id!, Name = name, Query = query, CreatedAt = clock.GetUtcNow() };
            db.SavedSearches.Add(existing);
        }
        existing.Query = query;
        await db.SaveChangesAsync(ct);
        return new SavedSearchView(existing.Id, existing.Name, existing.Query);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var deleted = await db.SavedSearches.Where(s => s.Id == id && s.UserId == user.Id).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw AppProblem.NotFound(l["Not found."]);
    }
}
