using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>
/// The public side of requests over HTTP: door-plate codes (forged, revoked, reissued, printed and read back), the
/// phone's one-time code (expiry, attempts, caps), the limits per phone, code and address, the tracking link with the
/// submitter's own steps (and nobody else's), and photos stripped of their metadata and served only to those who may see them.
/// </summary>
public abstract partial class PublicIntakeTests(GongzhiApp app)
{
    private sealed record Plate(string Token, long HouseholdId, long BuildingId, string Address);

    /// <summary>A household in grid 1 (so grid1 handles its requests) with its door-plate code, printed by the community worker.</summary>
    private async Task<Plate> PlateAsync(string grid = DemoCodes.Grid1)
    {
        var compound = await app.Given.CompoundAsync(grid);
        var building = await app.Given.BuildingAsync(compound.Str("code"));
        var unit = await app.Given.UnitAsync(building.Str("code"));
        var household = await app.Given.HouseholdAsync(unit.Str("code"), 2, "01");
        var community = await app.ClientFor("community");
        var sheet = await community.GetAsync($"/api/door-plates/buildings/{building.GetProperty("id").GetInt64()}").Ok();
        var plate = sheet.GetProperty("plates").EnumerateArray().Single(p => p.GetProperty("householdId").GetInt64() == household.GetProperty("id").GetInt64());
        return new Plate(plate.Str("token"), household.GetProperty("id").GetInt64(), building.GetProperty("id").GetInt64(), plate.Str("address"));
    }

    private static string NewPhone() => "13" + Random.Shared.Next(5, 10) + Random.Shared.Next(10_000_000, 99_999_999);

    private static string Masked(string phone) => phone[..3] + "****" + phone[^4..];

    /// <summary>The code of the latest SMS to the phone (read from the outbox the development sender writes from).</summary>
    private async Task<string> CodeSentToAsync(string phone)
    {
        var masked = Masked(phone);
        var body = await app.Db(db => db.Notifications.Where(n => n.Kind == "requests.otp" && n.Deliveries.Any(d => d.AddressMasked == masked))
            .OrderByDescending(n => n.Id).Select(n => n.Body).FirstAsync());
        return SixDigits().Match(body).Value;
    }

    private async Task<string> SendCodeAsync(HttpClient client, string phone)
    {
        await client.PostJson("/api/public/phone-codes", new { phone }).Ok(HttpStatusCode.Accepted);
        return await CodeSentToAsync(phone);
    }

    private static object Submission(string phone, string? code, string category = "property.leak", string? description = null) => new
    {
        categoryCode = category, description = description ?? "楼道漏水" + GongzhiApp.Unique(""), preferredContactTime = "晚上7点后", submitterName = "李阿姨", phone, code,
    };

    /// <summary>A resident's browser that has confirmed its phone and submitted one request.</summary>
    private async Task<(HttpClient Client, string Phone, string TrackingCode, Plate Plate)> SubmittedAsync(Plate? plate = null)
    {
        plate ??= await PlateAsync();
        var client = app.Anonymous();
        var phone = NewPhone();
        var code = await SendCodeAsync(client, phone);
        var created = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Ok(HttpStatusCode.Created);
        return (client, phone, created.Str("trackingCode"), plate);
    }

    private Task<Request> RequestAsync(string trackingCode) =>
        app.Db(db => db.Requests.AsNoTracking().Include(r => r.Events).SingleAsync(r => r.TrackingCode == trackingCode));

    [Fact]
    public async Task A_resident_scans_the_code_confirms_the_phone_once_and_follows_the_request()
    {
        var plate = await PlateAsync();
        var client = app.Anonymous();
        var form = await client.GetAsync($"/api/public/door-plates/{plate.Token}").Ok();
        Assert.Equal(plate.Address, form.Str("address"));
        Assert.Contains(form.GetProperty("categories").EnumerateArray(), c => c.Str("code") == "property.leak");

        var phone = NewPhone();
        var noCode = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, null)).Problem(HttpStatusCode.BadRequest);
        Assert.True(noCode.GetProperty("errors").TryGetProperty("code", out _));
        var code = await SendCodeAsync(client, phone);
        await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code == "000000" ? "000001" : "000000")).Problem(HttpStatusCode.BadRequest);
        var tooLong = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code, description: new string('水', 501))).Problem(HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("description", out _));
        var created = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Ok(HttpStatusCode.Created);
        var trackingCode = created.Str("trackingCode");
        Assert.EndsWith($"/t/{trackingCode}", created.Str("trackingUrl"));

        var request = await RequestAsync(trackingCode);
        Assert.Equal((RequestChannel.DoorPlate, RequestStatus.Submitted, plate.HouseholdId, plate.Address), (request.Channel, request.Status, request.HouseholdId, request.Address));
        Assert.Equal(Masked(phone), request.SubmitterPhoneMasked);
        Assert.DoesNotContain(phone, request.SubmitterPhoneCipher);
        Assert.Equal("晚上7点后", request.PreferredContactTime);
        Assert.True(request.ResolveDueAt > request.AcceptDueAt);
        // The resident gets the tracking link by SMS.
        var masked = Masked(phone);
        var sms = await app.Db(db => db.Notifications.Where(n => n.Kind == "requests.received" && n.Deliveries.Any(d => d.AddressMasked == masked)).Select(n => n.Body).SingleAsync());
        Assert.Contains($"/t/{trackingCode}", sms);

        // The browser stays confirmed: a second request needs no code; another browser does.
        await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, null)).Ok(HttpStatusCode.Created);
        await app.Anonymous().PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, null)).Problem(HttpStatusCode.BadRequest);
        // The code was used once.
        await app.Anonymous().PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Problem(HttpStatusCode.BadRequest);

        var tracking = await app.Anonymous().GetAsync($"/api/public/tracking/{trackingCode}");
        var text = await tracking.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, tracking.StatusCode);
        Assert.DoesNotContain(phone, text);
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Submitted", view.Str("status"));
        Assert.Equal(["Submitted"], view.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")));
        Assert.False(view.GetProperty("canRate").GetBoolean());
        Assert.False(view.GetProperty("canSupplement").GetBoolean()); // a stranger holding the link
        Assert.True((await client.GetAsync($"/api/public/tracking/{trackingCode}").Ok()).GetProperty("canSupplement").GetBoolean());
    }

    [Fact]
    public async Task Submissions_arriving_at_once_are_each_saved_whole_with_their_event_audit_entry_and_sms()
    {
        var plate = await PlateAsync();
        var residents = new List<(HttpClient Client, string Phone)>();
        for (var i = 0; i < 3; i++)
        {
            var client = app.Anonymous();
            var phone = NewPhone();
            await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, await SendCodeAsync(client, phone))).Ok(HttpStatusCode.Created);
            residents.Add((client, phone));
        }

        // Twelve at once from three confirmed browsers: on SQLite they are written in groups (GroupCommit).
        var posted = await Task.WhenAll(residents.SelectMany(r => Enumerable.Range(0, 4).Select(async n =>
        {
            var description = $"同时提交 {n} " + GongzhiApp.Unique("");
            var created = await r.Client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(r.Phone, null, description: description)).Ok(HttpStatusCode.Created);
            return (Code: created.Str("trackingCode"), Description: description, r.Phone);
        })));

        Assert.Equal(12, posted.Select(p => p.Code).Distinct().Count());
        foreach (var p in posted)
        {
            var request = await RequestAsync(p.Code);
            Assert.Equal((p.Description, plate.HouseholdId, Masked(p.Phone)), (request.Description, request.HouseholdId, request.SubmitterPhoneMasked));
            Assert.Equal([RequestEventKind.Submitted], request.Events.Select(e => e.Kind));
            var audited = await app.Db(db => db.AuditEntries.Where(a => a.Action == "request.create" && a.EntityId == request.Id.ToString()).CountAsync());
            Assert.Equal(1, audited);
            var sms = await app.Db(db => db.Notifications.Where(n => n.Kind == "requests.received" && n.Body.Contains($"/t/{p.Code}")).CountAsync());
            Assert.Equal(1, sms);
        }
    }

    [Fact]
    public async Task Forged_malformed_and_revoked_codes_are_refused_and_a_reissued_code_works()
    {
        var plate = await PlateAsync();
        var client = app.Anonymous();
        var forged = await client.GetAsync($"/api/public/door-plates/{new string('A', 26)}").Problem(HttpStatusCode.NotFound);
        Assert.Contains("门牌码", forged.Str("detail"));
        await client.GetAsync("/api/public/door-plates/not-a-token").Problem(HttpStatusCode.NotFound);
        var altered = plate.Token[..^1] + (plate.Token[^1] == 'A' ? 'B' : 'A');
        await client.GetAsync($"/api/public/door-plates/{altered}").Problem(HttpStatusCode.NotFound);

        // Printing again gives the same code.
        var community = await app.ClientFor("community");
        var again = await community.GetAsync($"/api/door-plates/buildings/{plate.BuildingId}").Ok();
        Assert.Equal(plate.Token, again.GetProperty("plates").EnumerateArray().Single(p => p.GetProperty("householdId").GetInt64() == plate.HouseholdId).Str("token"));
        // The table holds no token in clear.
        Assert.False(await app.Db(db => db.HouseholdCodes.AnyAsync(c => c.TokenHash == plate.Token || c.TokenCipher.Contains(plate.Token))));

        var reissued = await community.PostAsync($"/api/door-plates/households/{plate.HouseholdId}/reissue", null).Ok();
        var newToken = reissued.Str("token");
        Assert.NotEqual(plate.Token, newToken);
        var revoked = await client.GetAsync($"/api/public/door-plates/{plate.Token}").Problem(HttpStatusCode.Gone);
        Assert.Contains("更换", revoked.Str("detail"));
        var phone = NewPhone();
        var code = await SendCodeAsync(client, phone);
        await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Problem(HttpStatusCode.Gone);
        await client.PostJson($"/api/public/door-plates/{newToken}/requests", Submission(phone, code)).Ok(HttpStatusCode.Created);
        var audit = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "household-code" && e.Detail == $"household: {plate.HouseholdId}").Select(e => e.Action).ToListAsync());
        Assert.Equal(["door-plate.issue", "door-plate.issue", "door-plate.revoke"], audit.Order());

        // Outside the caller's area, neither printing nor reissuing.
        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/door-plates/buildings/{plate.BuildingId}").Problem(HttpStatusCode.NotFound);
        await grid2.PostAsync($"/api/door-plates/households/{plate.HouseholdId}/reissue", null).Problem(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/public/door-plates/{newToken}").Ok()).GetProperty("address");
    }

    [Fact]
    public async Task One_time_codes_expire_die_after_wrong_attempts_and_are_capped_per_phone()
    {
        var plate = await PlateAsync();
        var client = app.Anonymous();
        var phone = NewPhone();
        var code = await SendCodeAsync(client, phone);
        Assert.False(await app.Db(db => db.PhoneOtps.AnyAsync(o => o.CodeHash.Contains(code)))); // hashed at rest
        // Expired (moved into the past in the database: the server's clock is real).
        var phoneHash = app.Services.GetRequiredService<PersonalDataProtector>().LookupHash(phone);
        await app.Db(async db =>
        {
            var otp = await db.PhoneOtps.Where(o => o.PhoneHash == phoneHash).OrderByDescending(o => o.Id).FirstAsync();
            otp.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            return await db.SaveChangesAsync();
        });
        var expired = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("过期", expired.GetProperty("errors").GetProperty("code")[0].GetString());

        code = await SendCodeAsync(client, phone);
        var wrong = code == "111111" ? "222222" : "111111";
        for (var i = 0; i < 5; i++)
            await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, wrong)).Problem(HttpStatusCode.BadRequest);
        var dead = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, code)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("次数", dead.GetProperty("errors").GetProperty("code")[0].GetString());
        Assert.Equal(0, await app.Db(db => db.Requests.CountAsync(r => r.HouseholdId == plate.HouseholdId)));

        // Five codes an hour per phone (two sent above).
        for (var i = 0; i < 3; i++) await client.PostJson("/api/public/phone-codes", new { phone }).Ok(HttpStatusCode.Accepted);
        await client.PostJson("/api/public/phone-codes", new { phone }).Problem(HttpStatusCode.TooManyRequests);
        await client.PostJson("/api/public/phone-codes", new { phone = "12345" }).Problem(HttpStatusCode.BadRequest);
        // The newest code still works.
        await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, await CodeSentToAsync(phone))).Ok(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Submissions_are_limited_per_phone_and_per_door_plate_code()
    {
        // Per phone: ten a day.
        var (client, phone, _, plate) = await SubmittedAsync();
        for (var i = 1; i < 10; i++)
            await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, null)).Ok(HttpStatusCode.Created);
        var perPhone = await client.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(phone, null)).Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("手机", perPhone.Str("detail"));
        Assert.Equal(10, await app.Db(db => db.Requests.CountAsync(r => r.HouseholdId == plate.HouseholdId)));

        // Per code: twenty a day, whatever the phones (ten above, ten more from another phone would pass the phone limit).
        var other = app.Anonymous();
        var otherPhone = NewPhone();
        var code = await SendCodeAsync(other, otherPhone);
        for (var i = 0; i < 10; i++)
            await other.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(otherPhone, i == 0 ? code : null)).Ok(HttpStatusCode.Created);
        var third = app.Anonymous();
        var thirdPhone = NewPhone();
        var perCode = await third.PostJson($"/api/public/door-plates/{plate.Token}/requests", Submission(thirdPhone, await SendCodeAsync(third, thirdPhone))).Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("门牌码", perCode.Str("detail"));
        Assert.Equal(20, await app.Db(db => db.Requests.CountAsync(r => r.HouseholdId == plate.HouseholdId)));
    }

    [Fact]
    public async Task Public_calls_are_limited_per_client_address()
    {
        using var limited = app.WithWebHostBuilder(b => b.UseSetting("Requests:Public:PerAddressPerMinute", "3"));
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = new string('A', 26);
        for (var i = 0; i < 3; i++) await client.GetAsync($"/api/public/door-plates/{token}").Problem(HttpStatusCode.NotFound);
        await client.GetAsync($"/api/public/door-plates/{token}").Problem(HttpStatusCode.TooManyRequests);
        using var page = await client.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        // Staff routes are not counted against it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Only_the_submitter_rates_once_after_resolution_and_not_satisfied_reopens()
    {
        var (resident, phone, code, _) = await SubmittedAsync();
        var stranger = app.Anonymous();
        var before = (await RequestAsync(code)).Events.Count;
        var early = await resident.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = true, score = 5 }).Problem(HttpStatusCode.Conflict);
        Assert.Contains("待受理", early.Str("detail"));

        var id = (await RequestAsync(code)).Id;
        var grid1 = await app.ClientFor("grid1");
        await grid1.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await grid1.PostJson($"/api/requests/{id}/start", new { }).Ok();
        await grid1.PostJson($"/api/requests/{id}/resolve", new { note = "已更换水管" }).Ok();
        var afterResolve = (await RequestAsync(code)).Events.Count;
        Assert.Equal(before + 3, afterResolve);

        // Anyone else: refused, whether without a confirmed phone or with another confirmed phone.
        await stranger.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = false, score = 1 }).Problem(HttpStatusCode.Forbidden);
        var otherPhone = NewPhone();
        var otherCode = await SendCodeAsync(stranger, otherPhone);
        await stranger.PostJson($"/api/public/tracking/{code}/confirm", new { phone = otherPhone, code = otherCode }).Problem(HttpStatusCode.Forbidden);
        await stranger.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = false, score = 1 }).Problem(HttpStatusCode.Forbidden);
        await stranger.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = false, score = 1 }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal((RequestStatus.Resolved, afterResolve), await StateAsync(code));

        // The submitter: not satisfied reopens it; after a second resolution, satisfied; a second verdict is refused.
        var reopened = await resident.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = false, score = 2, note = "还在滴水" }).Ok();
        Assert.Equal("InProgress", reopened.Str("status"));
        Assert.Equal(1, (await RequestAsync(code)).ReopenCount);
        await resident.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = true, score = 5 }).Problem(HttpStatusCode.Conflict);
        await grid1.PostJson($"/api/requests/{id}/resolve", new { note = "再次维修" }).Ok();
        // The submitter on a new phone browser proves it with a code to the request's phone.
        var newBrowser = app.Anonymous();
        await newBrowser.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = true, score = 5 }).Problem(HttpStatusCode.Forbidden);
        await newBrowser.PostJson($"/api/public/tracking/{code}/confirm", new { phone, code = await SendCodeAsync(newBrowser, phone) }).Ok(HttpStatusCode.NoContent);
        await newBrowser.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = true, score = 6 }).Problem(HttpStatusCode.BadRequest);
        var rated = await newBrowser.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = true, score = 4, note = "谢谢" }).Ok();
        Assert.Equal("AwaitingReturnVisit", rated.Str("status"));
        var count = (await RequestAsync(code)).Events.Count;
        await resident.PostJson($"/api/public/tracking/{code}/feedback", new { satisfied = false, score = 1 }).Problem(HttpStatusCode.Conflict);
        Assert.Equal((RequestStatus.AwaitingReturnVisit, count), await StateAsync(code));
        var request = await RequestAsync(code);
        Assert.Equal((true, 4), (request.Satisfied!.Value, request.SatisfactionScore!.Value));
        // The timeline shows the resident's words and the resolution, never the staff's names or the phone.
        var view = await stranger.GetAsync($"/api/public/tracking/{code}");
        var text = await view.Content.ReadAsStringAsync();
        Assert.DoesNotContain("张网格员", text);
        Assert.DoesNotContain(phone, text);
        Assert.Contains("还在滴水", text);
        var audit = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "request" && e.EntityId == id.ToString() && e.Action == "request.feedback").Select(e => e.UserName).SingleAsync());
        Assert.Equal("李阿姨", audit);

        // Staff record the return visit; the link shows it closed, and the submitter can no longer add anything.
        var community = await app.ClientFor("community");
        await community.PostJson($"/api/requests/{id}/return-visit", new { note = "电话回访" }).Ok();
        await resident.PostAsync($"/api/public/tracking/{code}/information", new MultipartFormDataContent { { new StringContent("再说一句"), "note" } }).Problem(HttpStatusCode.Conflict);
    }

    private async Task<(RequestStatus, int)> StateAsync(string code)
    {
        var r = await RequestAsync(code);
        return (r.Status, r.Events.Count);
    }

    private static MultipartFormDataContent Photos(string? note, params (byte[] Bytes, string Name, string Type)[] files)
    {
        var content = new MultipartFormDataContent();
        if (note is not null) content.Add(new StringContent(note), "note");
        foreach (var (bytes, name, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "photos", name);
        }
        return content;
    }

    [Fact]
    public async Task Photos_lose_their_location_and_camera_data_and_are_served_only_to_those_who_see_the_request()
    {
        var (resident, _, code, _) = await SubmittedAsync();
        var upload = TestImages.JpegWithGps();
        Assert.True(TestImages.HasExif(upload) && TestImages.Contains(upload, TestImages.CameraMake));

        // Not an image, whatever its name and type say: refused, nothing stored.
        var fake = System.Text.Encoding.UTF8.GetBytes("#!/bin/sh\necho not a photo\n");
        var refused = await resident.PostAsync($"/api/public/tracking/{code}/information", Photos("照片", (fake, "photo.jpg", "image/jpeg"))).Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("photos", out _));
        var id = (await RequestAsync(code)).Id;
        Assert.Equal(0, await app.Db(db => db.RequestPhotos.CountAsync(p => p.RequestId == id)));
        // More than three: refused.
        await resident.PostAsync($"/api/public/tracking/{code}/information",
            Photos(null, (upload, "1.jpg", "image/jpeg"), (upload, "2.jpg", "image/jpeg"), (upload, "3.jpg", "image/jpeg"), (upload, "4.jpg", "image/jpeg"))).Problem(HttpStatusCode.BadRequest);
        // A stranger cannot add one.
        await app.Anonymous().PostAsync($"/api/public/tracking/{code}/information", Photos(null, (upload, "1.jpg", "image/jpeg"))).Problem(HttpStatusCode.Forbidden);

        var view = await resident.PostAsync($"/api/public/tracking/{code}/information", Photos("补充照片", (upload, "IMG_0001.jpg", "image/jpeg"))).Ok();
        var url = view.GetProperty("photos").EnumerateArray().Single().Str("url");
        var served = await (await app.Anonymous().GetAsync(url)).Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], served[..2]);
        Assert.False(TestImages.HasExif(served));
        Assert.False(TestImages.Contains(served, TestImages.CameraMake));
        Assert.Equal("Supplemented", view.GetProperty("timeline").EnumerateArray().Last().Str("kind"));

        // Staff: those who reach the request see its photos; others get 404.
        var grid1 = await app.ClientFor("grid1");
        var list = await grid1.GetAsync($"/api/requests/{id}/photos").Ok();
        var photoId = list.EnumerateArray().Single().GetProperty("id").GetInt64();
        var staffBytes = await (await grid1.GetAsync($"/api/requests/{id}/photos/{photoId}")).Content.ReadAsByteArrayAsync();
        Assert.False(TestImages.HasExif(staffBytes));
        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/requests/{id}/photos").Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/requests/{id}/photos/{photoId}").Problem(HttpStatusCode.NotFound);
        await grid2.PostAsync($"/api/requests/{id}/photos", Photos(null, (upload, "r.jpg", "image/jpeg"))).Problem(HttpStatusCode.NotFound);
        // A photo of another request is not reachable through this one's tracking link.
        var (_, _, otherCode, _) = await SubmittedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/t/{otherCode}/photos/{photoId}")).StatusCode);

        // The handler attaches a resolution photo; the resident sees it on the tracking link.
        await grid1.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await grid1.PostAsync($"/api/requests/{id}/photos", Photos(null, (TestImages.Jpeg(), "done.jpg", "image/jpeg"))).Ok();
        var kinds = (await resident.GetAsync($"/api/public/tracking/{code}").Ok()).GetProperty("photos").EnumerateArray().Select(p => p.Str("kind")).ToList();
        Assert.Equal(["Submission", "Resolution"], kinds);
    }

    [Fact]
    public async Task A_printed_code_reads_back_with_zbarimg_and_opens_the_form_with_the_address()
    {
        var plate = await PlateAsync();
        var browser = await PageBrowser.SignIn(app, "community");
        var (status, building) = await browser.Get($"/buildings/{plate.BuildingId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"/buildings/{plate.BuildingId}/door-plates", building); // the Requests block in the registry's slot
        var (printStatus, print) = await browser.Get($"/buildings/{plate.BuildingId}/door-plates");
        Assert.Equal(HttpStatusCode.OK, printStatus);
        Assert.Contains("size: A4", print);
        Assert.Contains(plate.Address, print);
        var png = PngOf().Match(WebUtility.HtmlDecode(print)[WebUtility.HtmlDecode(print).IndexOf($"data-household=\"{plate.HouseholdId}\"", StringComparison.Ordinal)..]);
        Assert.True(png.Success);
        var file = Path.Combine(Path.GetTempPath(), $"door-plate-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, Convert.FromBase64String(png.Groups[1].Value));
        try
        {
            var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--quiet", "--raw", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var decoded = (await zbar.StandardOutput.ReadToEndAsync()).Trim();
            var error = await zbar.StandardError.ReadToEndAsync();
            await zbar.WaitForExitAsync();
            Assert.True(zbar.ExitCode == 0, $"zbarimg: {zbar.ExitCode} {error}");
            Assert.EndsWith($"/r/{plate.Token}", decoded);
            var path = new Uri(decoded).PathAndQuery;
            var (formStatus, form) = await new PageBrowser(app.Anonymous()).Get(path);
            Assert.Equal(HttpStatusCode.OK, formStatus);
            Assert.Contains(plate.Address, form);
            Assert.Contains("form-submit", form);
        }
        finally { File.Delete(file); }

        // A forged code shows a clear page with its status; grid2 cannot print this building.
        var (forgedStatus, forged) = await new PageBrowser(app.Anonymous()).Get($"/r/{new string('B', 26)}");
        Assert.Equal(HttpStatusCode.NotFound, forgedStatus);
        Assert.Contains("门牌码无效", forged);
        var grid2 = await PageBrowser.SignIn(app, "grid2");
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.Get($"/buildings/{plate.BuildingId}/door-plates")).Status);
    }

    [Fact]
    public async Task The_public_form_page_asks_for_a_code_then_submits_with_a_photo_and_the_tracking_page_follows()
    {
        var plate = await PlateAsync();
        var browser = new PageBrowser(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var url = $"/r/{plate.Token}";
        var phone = NewPhone();
        var sent = await browser.PostForm(url, "otp", ("Otp.Phone", phone));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("code-sent", await sent.Content.ReadAsStringAsync());
        var code = await CodeSentToAsync(phone);

        var (_, page) = await browser.Get(url);
        var content = new MultipartFormDataContent
        {
            { new StringContent("submit"), "_handler" }, { new StringContent(PageBrowser.Token(page)), "__RequestVerificationToken" },
            { new StringContent("property.leak"), "Input.CategoryCode" }, { new StringContent("卫生间漏水到楼下"), "Input.Description" },
            { new StringContent(phone), "Input.Phone" }, { new StringContent(code), "Input.Code" },
        };
        var photo = new ByteArrayContent(TestImages.JpegWithGps());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photos", "leak.jpg");
        var posted = await browser.Client.PostAsync(url, content);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var tracking = new Uri(new Uri("http://localhost"), posted.Headers.Location!).AbsolutePath;
        Assert.StartsWith("/t/", tracking);
        var request = await RequestAsync(tracking[3..]);
        Assert.Equal(1, await app.Db(db => db.RequestPhotos.CountAsync(p => p.RequestId == request.Id && p.Kind == PhotoKind.Submission)));
        var (status, html) = await browser.Get(tracking);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("卫生间漏水到楼下", html);
        Assert.Contains("form-supplement", html); // the confirmed submitter may add information
        Assert.DoesNotContain(phone, html);
        // The page again: confirmed, no code field.
        var (_, again) = await browser.Get(url);
        Assert.Contains("confirmed-phone", again);
    }

    [Fact]
    public async Task A_grid_worker_reports_a_snapshot_with_photo_and_position_on_their_own_grid()
    {
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (status, page) = await browser.Get("/requests/snapshot");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"value=\"{DemoCodes.Grid1}\"", page);
        Assert.DoesNotContain($"value=\"{DemoCodes.Grid2}\"", page);
        var description = "路灯不亮" + GongzhiApp.Unique("");
        MultipartFormDataContent Form(bool withPhoto, string area)
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent("snapshot"), "_handler" }, { new StringContent(PageBrowser.Token(page)), "__RequestVerificationToken" },
                { new StringContent("other"), "Input.CategoryCode" }, { new StringContent(description), "Input.Description" },
                { new StringContent(area), "Input.AreaCode" }, { new StringContent("36.98765"), "Input.Latitude" }, { new StringContent("117.12345"), "Input.Longitude" },
            };
            if (withPhoto)
            {
                var photo = new ByteArrayContent(TestImages.JpegWithGps());
                photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                content.Add(photo, "photos", "lamp.jpg");
            }
            return content;
        }
        // No photo, or a node outside the worker's reach: refused, nothing recorded.
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Client.PostAsync("/requests/snapshot", Form(false, DemoCodes.Grid1))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Client.PostAsync("/requests/snapshot", Form(true, DemoCodes.Grid2))).StatusCode);
        Assert.False(await app.Db(db => db.Requests.AnyAsync(r => r.Description == description)));

        var posted = await browser.Client.PostAsync("/requests/snapshot", Form(true, DemoCodes.Grid1));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var request = await app.Db(db => db.Requests.AsNoTracking().SingleAsync(r => r.Description == description));
        Assert.Equal((RequestChannel.Snapshot, 36.98765, 117.12345, (long?)null), (request.Channel, request.Latitude!.Value, request.Longitude!.Value, request.HouseholdId));
        var photos = await app.Db(db => db.RequestPhotos.AsNoTracking().Where(p => p.RequestId == request.Id).ToListAsync());
        Assert.Equal(PhotoKind.Snapshot, Assert.Single(photos).Kind);
        Assert.False(TestImages.HasExif(photos[0].Jpeg));
        var (_, detail) = await browser.Get($"/requests/{request.Id}");
        Assert.Contains($"/api/requests/{request.Id}/photos/{photos[0].Id}", detail);
    }

    [Fact]
    public async Task A_signed_in_resident_uses_the_same_form_for_their_own_household()
    {
        var householdId = await app.Db(async db =>
        {
            var residentId = await db.Users.Where(u => u.UserName == "resident").Select(u => u.ResidentId).SingleAsync();
            return await db.Residents.Where(r => r.Id == residentId).Select(r => r.HouseholdId!.Value).SingleAsync();
        });
        var address = await app.Db(db => db.Households.Where(h => h.Id == householdId).Select(h => h.Address).SingleAsync());
        var browser = await PageBrowser.SignIn(app, "resident");
        Assert.Contains("/my/requests/new", (await browser.Get("/")).Html);
        var (status, page) = await browser.Get("/my/requests/new");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(address, page);
        var phone = NewPhone();
        Assert.Equal(HttpStatusCode.OK, (await browser.PostForm("/my/requests/new", "otp", ("Otp.Phone", phone))).StatusCode);
        var description = "楼下烧烤油烟" + GongzhiApp.Unique("");
        var posted = await browser.PostForm("/my/requests/new", "submit", ("Input.CategoryCode", "other"), ("Input.Description", description),
            ("Input.Phone", phone), ("Input.Code", await CodeSentToAsync(phone)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var request = await app.Db(db => db.Requests.AsNoTracking().SingleAsync(r => r.Description == description));
        Assert.Equal((RequestChannel.ResidentWeb, (long?)householdId, address), (request.Channel, request.HouseholdId, request.Address));
        Assert.NotNull(request.CreatedByUserId);

        // Staff accounts are linked to no household: a clear refusal, not a form.
        var community = await PageBrowser.SignIn(app, "community");
        var (refused, html) = await community.Get("/my/requests/new");
        Assert.Equal(HttpStatusCode.NotFound, refused);
        Assert.Contains("尚未关联住户", html);
        Assert.DoesNotContain("/my/requests/new", (await community.Get("/")).Html);
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex("data:image/png;base64,([A-Za-z0-9+/=]+)")]
    private static partial Regex PngOf();
}

[Collection(SqliteCollection.Name)]
public sealed class PublicIntakeTestsOnSqlite(SqliteApp app) : PublicIntakeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PublicIntakeTestsOnPostgres(PostgresApp app) : PublicIntakeTests(app);
