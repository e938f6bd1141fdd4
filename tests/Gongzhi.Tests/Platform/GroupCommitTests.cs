using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// Group commit (units of added rows saved together on SQLite): a unit that cannot be saved fails only its own
/// caller, whether or not it was grouped with others; the others are saved whole, with their ids and relations.
/// </summary>
public abstract class GroupCommitTests(GongzhiApp app)
{
    [Fact]
    public async Task A_unit_that_cannot_be_saved_fails_alone_and_the_others_are_saved_whole()
    {
        var grid = await app.Given.GridAsync();
        var prefix = GongzhiApp.Unique("GC").ToUpperInvariant();
        var duplicated = prefix + "05";
        // Ten units at once; the sixth repeats the fifth's tracking code, which is unique.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => SaveOneAsync(grid, i == 6 ? duplicated : $"{prefix}{i:D2}")));

        Assert.Single(outcomes, o => o is DbUpdateException);
        Assert.Equal(9, outcomes.Count(o => o is null));
        var saved = await app.Db(db => db.Requests.AsNoTracking().Include(r => r.Events).Where(r => r.TrackingCode.StartsWith(prefix)).ToListAsync());
        Assert.Equal(9, saved.Count);
        Assert.All(saved, r => Assert.Equal(r.Id, Assert.Single(r.Events).RequestId));
    }

    private async Task<Exception?> SaveOneAsync(System.Text.Json.JsonElement grid, string trackingCode)
    {
        try
        {
            await app.Services.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<GongzhiDb>();
                var category = await db.RequestCategories.AsNoTracking().OrderBy(c => c.Id).FirstAsync();
                var request = new Request
                {
                    TrackingCode = trackingCode, Channel = RequestChannel.Phone, CategoryId = category.Id, AreaNodeId = grid.GetProperty("id").GetInt64(),
                    AreaPath = grid.Str("path"), Description = "group commit", SubmittedAt = DateTimeOffset.UtcNow,
                    AcceptDueAt = DateTimeOffset.UtcNow.AddHours(1), ResolveDueAt = DateTimeOffset.UtcNow.AddHours(2),
                };
                request.Events.Add(new RequestEvent { At = DateTimeOffset.UtcNow, Kind = RequestEventKind.Submitted, ActorName = "test" });
                db.Requests.Add(request);
                await sp.GetRequiredService<GroupCommit>().SaveAsync(db, default);
                Assert.NotEqual(0, request.Id);
            });
            return null;
        }
        catch (DbUpdateException e)
        {
            return e;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GroupCommitTestsOnSqlite(SqliteApp app) : GroupCommitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GroupCommitTestsOnPostgres(PostgresApp app) : GroupCommitTests(app);
