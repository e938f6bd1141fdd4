using System.Net;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Care.Features.Visits;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Care;

/// <summary>
/// The care roster and 三三探访 visits over HTTP: enrolment with validation and encrypted contacts, due and overdue
/// marking on a moved clock, visits with the 三问三检三清 checklist, the data scope (grid2 neither sees nor records
/// for grid1's residents), and one request raised from a visit's problem, visible to the grid worker.
/// </summary>
public abstract class CareTests(GongzhiApp app)
{
    private static readonly string[] Items = ["health", "meals", "family", "water", "electricity", "gas", "rubbish", "clutter", "passage"];

    /// <summary>The nine items, all ok but those given as problems (with a note).</summary>
    private static object[] Checklist(params string[] problems) =>
        [.. Items.Select(i => new { item = i, ok = !problems.Contains(i), note = problems.Contains(i) ? "燃气软管老化" : null })];

    /// <summary>A resident in a household of a fresh building in grid1's grid (the test's own subtree).</summary>
    private async Task<(long Resident, long Household, string Area)> ResidentInGrid1Async()
    {
        var compound = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(compound)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        return (resident, household, compound);
    }

    private static object Entry(long residentId, int frequencyDays = 7) => new
    {
        residentId, kind = "LivingAlone", frequencyDays, visitors = new[] { "grid1" },
        contacts = new[] { new { name = "李明", relation = "儿子", phone = "13800138000" } }, note = "行动不便",
    };

    private async Task<long> EnrolAsync(long residentId, int frequencyDays = 7) =>
        (await (await app.ClientFor("community")).PostJson("/api/care/entries", Entry(residentId, frequencyDays)).Ok(HttpStatusCode.Created))
        .GetProperty("entry").GetProperty("id").GetInt64();

    [Fact]
    public async Task A_community_worker_enrols_a_resident_with_encrypted_contacts_edits_and_removes_the_entry()
    {
        var (resident, household, area) = await ResidentInGrid1Async();
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/care/entries", Entry(resident)).Ok(HttpStatusCode.Created);
        var entry = created.GetProperty("entry");
        var id = entry.GetProperty("id").GetInt64();
        Assert.Equal("LivingAlone", entry.Str("kind"));
        Assert.Equal(household, entry.GetProperty("householdId").GetInt64());
        Assert.Equal(7, entry.Int("frequencyDays"));
        Assert.Equal("Ok", entry.Str("state"));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(7), DateOnly.Parse(entry.Str("nextDueOn")));
        Assert.Equal(["grid1"], entry.GetProperty("visitors").EnumerateArray().Select(v => v.Str("userName")).ToArray());
        var contact = created.GetProperty("contacts").EnumerateArray().Single();
        Assert.Equal(("李明", "儿子"), (contact.Str("name"), contact.Str("relation")));
        Assert.DoesNotContain("13800138000", created.ToString());
        Assert.Contains("*", contact.Str("phoneMasked"));
        // At rest the phone is ciphertext that decrypts to what was entered.
        var stored = await app.Db(db => db.CareEntries.IgnoreQueryFilters().Where(e => e.Id == id).Select(e => e.ContactsJson).SingleAsync());
        Assert.DoesNotContain("13800138000", stored);
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal("13800138000", protector.Decrypt(Gongzhi.Modules.Care.Domain.CareEntry.FromJson<List<Gongzhi.Modules.Care.Domain.CareContact>>(stored).Single().PhoneCipher));

        // Enrolled once only.
        var again = await community.PostJson("/api/care/entries", Entry(resident)).Problem(HttpStatusCode.BadRequest);
        Assert.True(again.GetProperty("errors").TryGetProperty("residentId", out _));

        var updated = await community.PutJson($"/api/care/entries/{id}", new { kind = "EmptyNest", frequencyDays = 14, visitors = new[] { "grid1", "community" } }).Ok();
        Assert.Equal(("EmptyNest", 14), (updated.GetProperty("entry").Str("kind"), updated.GetProperty("entry").Int("frequencyDays")));
        Assert.Empty(updated.GetProperty("contacts").EnumerateArray());
        var listed = await community.GetAsync($"/api/care/entries?area={area}&kind=EmptyNest").Ok();
        Assert.Equal([id], listed.Items().Select(i => i.GetProperty("id").GetInt64()).ToArray());
        Assert.Empty((await community.GetAsync($"/api/care/entries?area={area}&kind=Disabled").Ok()).Items());

        await community.DeleteAsync($"/api/care/entries/{id}").Ok(HttpStatusCode.NoContent);
        await community.GetAsync($"/api/care/entries/{id}").Problem(HttpStatusCode.NotFound);
        var actions = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "care-entry" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["care.enrol", "care.update", "care.remove"], actions);
    }

    [Fact]
    public async Task Bad_entries_are_refused_with_the_fields_named_and_nothing_written()
    {
        var (resident, _, _) = await ResidentInGrid1Async();
        var community = await app.ClientFor("community");
        var problem = await community.PostJson("/api/care/entries", new
        {
            residentId = resident, kind = "Nonsense", frequencyDays = 0, visitors = new[] { "nobody-such" },
            contacts = new[] { new { name = "李明", relation = "儿子", phone = "abc" } },
        }).Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "kind", "frequencyDays", "visitors", "contacts" }) Assert.True(errors.TryGetProperty(field, out _), field + ": " + problem);
        var missing = await community.PostJson("/api/care/entries", new { kind = "Disabled", frequencyDays = 7 }).Problem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("residentId", out _));
        // A resident account is no visitor.
        var notVisitor = await community.PostJson("/api/care/entries", new { residentId = resident, kind = "Disabled", frequencyDays = 7, visitors = new[] { "resident" } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(notVisitor.GetProperty("errors").TryGetProperty("visitors", out _));
        await community.GetAsync("/api/care/entries?state=Sometimes").Problem(HttpStatusCode.BadRequest);
        Assert.False(await app.Db(db => db.CareEntries.IgnoreQueryFilters().AnyAsync(e => e.ResidentId == resident)));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientFor("resident")).GetAsync("/api/care/entries")).StatusCode);
    }

    [Fact]
    public async Task Entries_are_marked_due_then_overdue_on_a_moved_clock_and_a_visit_sets_the_next_date()
    {
        var (resident, _, area) = await ResidentInGrid1Async();
        // Monday 1 March 2027, 09:00 in Beijing.
        var start = new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero);
        Task<T> At<T, TService>(DateTimeOffset at, Func<TService, Task<T>> work) where TService : notnull =>
            app.Services.AsSystemAsync(sp => work(ActivatorUtilities.CreateInstance<TService>(sp, new FakeTimeProvider(at))));
        var created = await At<CareEntryDetail, CareRoster>(start, r => r.CreateAsync(new SaveCareEntry(resident, "LivingAlone", 7), default));
        var id = created.Entry.Id;
        Assert.Equal(new DateOnly(2027, 3, 8), created.Entry.NextDueOn);

        async Task<CareEntrySummary> Seen(DateTimeOffset at, string? state = null) =>
            (await At<Gongzhi.Infrastructure.Http.PagedList<CareEntrySummary>, CareRoster>(at, r => r.ListAsync(new CareFilter(area, State: state), default))).Items.Single(e => e.Id == id);
        Assert.Equal(VisitState.Ok, (await Seen(start.AddDays(3))).State);        // due 8 March, 4 days ahead
        Assert.Equal(VisitState.Due, (await Seen(start.AddDays(5))).State);       // 2 days ahead
        Assert.Equal(VisitState.Due, (await Seen(start.AddDays(7))).State);       // on the day
        var late = await Seen(start.AddDays(9), "Overdue");
        Assert.Equal((VisitState.Overdue, 2), (late.State, late.DaysOverdue));
        Assert.Empty((await At<Gongzhi.Infrastructure.Http.PagedList<CareEntrySummary>, CareRoster>(start.AddDays(3), r => r.ListAsync(new CareFilter(area, State: "Due"), default))).Items);

        // A visit on 10 March owes the next one on 17 March.
        var visitAt = start.AddDays(9);
        await At<VisitView, CareVisits>(visitAt, v => v.RecordAsync(id, new RecordVisit([.. Items.Select(i => new CheckInput(i, true))]), default));
        var after = await Seen(visitAt);
        Assert.Equal((VisitState.Ok, new DateOnly(2027, 3, 17), 0), (after.State, after.NextDueOn, after.DaysOverdue));
        Assert.Equal(visitAt, after.LastVisitedAt);
        Assert.Equal(VisitState.Overdue, (await Seen(start.AddDays(17))).State);
    }

    [Fact]
    public async Task A_grid_worker_records_a_visit_with_the_checklist_and_bad_visits_write_nothing()
    {
        var (resident, _, area) = await ResidentInGrid1Async();
        var id = await EnrolAsync(resident, frequencyDays: 30);
        var grid1 = await app.ClientFor("grid1");

        // Every item is needed, and a problem needs a note.
        var incomplete = await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist().Take(8) }).Problem(HttpStatusCode.BadRequest);
        Assert.True(incomplete.GetProperty("errors").TryGetProperty("checklist", out _));
        var noNote = Items.Select(i => new { item = i, ok = i != "water", note = (string?)null });
        await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = noNote }).Problem(HttpStatusCode.BadRequest);
        await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist().Append(new { item = "roof", ok = true, note = (string?)null }) }).Problem(HttpStatusCode.BadRequest);
        Assert.False(await app.Db(db => db.CareVisits.IgnoreQueryFilters().AnyAsync(v => v.EntryId == id)));

        var visit = await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist("gas"), notes = "老人精神不错" }).Ok(HttpStatusCode.Created);
        Assert.Equal(1, visit.Int("problemCount"));
        Assert.Equal("老人精神不错", visit.Str("notes"));
        var gas = visit.GetProperty("checklist").EnumerateArray().Single(c => c.Str("item") == "gas");
        Assert.False(gas.GetProperty("ok").GetBoolean());
        Assert.Equal("燃气软管老化", gas.Str("note"));
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("requestTrackingCode").ValueKind);

        var detail = await grid1.GetAsync($"/api/care/entries/{id}").Ok();
        Assert.Equal([visit.GetProperty("id").GetInt64()], detail.GetProperty("recentVisits").EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).ToArray());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30), DateOnly.Parse(detail.GetProperty("entry").Str("nextDueOn")));
        var audit = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "care-visit" && e.EntityId == visit.GetProperty("id").GetInt64().ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["care.visit"], audit);

        // The pages: the roster marks the entry, the entry page shows the problem and offers a request.
        var list = await (await grid1.GetAsync($"/care?area={area}")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/care/{id}\"", list);
        var page = await grid1.GetAsync($"/care/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("燃气软管老化", html);
        Assert.Contains($"/forms/care/visits/{visit.GetProperty("id").GetInt64()}/request", html);
    }

    [Fact]
    public async Task Grid2_neither_sees_nor_records_visits_for_grid1s_residents()
    {
        var (resident, _, area) = await ResidentInGrid1Async();
        var id = await EnrolAsync(resident);
        var visitId = (await (await app.ClientFor("grid1")).PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist("water") }).Ok(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/care/entries/{id}").Problem(HttpStatusCode.NotFound);
        await grid2.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist() }).Problem(HttpStatusCode.NotFound);
        await grid2.PutJson($"/api/care/entries/{id}", new { kind = "Other", frequencyDays = 1 }).Problem(HttpStatusCode.NotFound);
        await grid2.DeleteAsync($"/api/care/entries/{id}").Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/care/visits/{visitId}").Problem(HttpStatusCode.NotFound);
        await grid2.PostJson($"/api/care/visits/{visitId}/request", new { categoryCode = "other" }).Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/care/entries?area={area}").Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, (await grid2.GetAsync("/api/care/entries?pageSize=200").Ok()).Items().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/care/{id}")).StatusCode);
        var enrol = await grid2.PostJson("/api/care/entries", Entry(resident)).Problem(HttpStatusCode.BadRequest);
        Assert.True(enrol.GetProperty("errors").TryGetProperty("residentId", out _));

        Assert.Equal(1, await app.Db(db => db.CareVisits.IgnoreQueryFilters().CountAsync(v => v.EntryId == id)));
        Assert.Equal(7, await app.Db(db => db.CareEntries.IgnoreQueryFilters().Where(e => e.Id == id).Select(e => e.FrequencyDays).SingleAsync()));
        Assert.Null(await app.Db(db => db.CareVisits.IgnoreQueryFilters().Where(v => v.Id == visitId).Select(v => v.RequestTrackingCode).SingleAsync()));
    }

    [Fact]
    public async Task A_visit_with_a_problem_raises_exactly_one_request_for_the_household_which_the_grid_worker_sees()
    {
        var (resident, household, _) = await ResidentInGrid1Async();
        var id = await EnrolAsync(resident);
        var grid1 = await app.ClientFor("grid1");
        var fine = (await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist() }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var visit = (await grid1.PostJson($"/api/care/entries/{id}/visits", new { checklist = Checklist("gas") }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await grid1.PostJson($"/api/care/visits/{fine}/request", new { categoryCode = "other" }).Problem(HttpStatusCode.Conflict);
        var bad = await grid1.PostJson($"/api/care/visits/{visit}/request", new { categoryCode = "no-such-category" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("categoryCode", out _));
        Assert.Equal(0, await app.Db(db => db.Requests.IgnoreQueryFilters().CountAsync(r => r.HouseholdId == household)));

        var raised = await grid1.PostJson($"/api/care/visits/{visit}/request", new { categoryCode = "safety" }).Ok();
        var code = raised.Str("requestTrackingCode");
        await grid1.PostJson($"/api/care/visits/{visit}/request", new { categoryCode = "safety" }).Problem(HttpStatusCode.Conflict);

        var requests = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.HouseholdId == household).Select(r => new { r.Id, r.TrackingCode, r.Channel, r.Description, r.CreatedByUserId }).ToListAsync());
        var request = Assert.Single(requests);
        Assert.Equal(code, request.TrackingCode);
        Assert.Equal("Snapshot", request.Channel.ToString());
        Assert.Contains("燃气软管老化", request.Description);
        Assert.NotNull(request.CreatedByUserId);
        var seen = await grid1.GetAsync($"/api/requests/{request.Id}").Ok();
        Assert.Equal(code, seen.GetProperty("request").Str("trackingCode"));
        await (await app.ClientFor("grid2")).GetAsync($"/api/requests/{request.Id}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(["care.visit", "care.request"],
            await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "care-visit" && e.EntityId == visit.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync()));
        Assert.Contains($"/t/{code}", await (await grid1.GetAsync($"/care/{id}")).Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CareTestsOnSqlite(SqliteApp app) : CareTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CareTestsOnPostgres(PostgresApp app) : CareTests(app);
