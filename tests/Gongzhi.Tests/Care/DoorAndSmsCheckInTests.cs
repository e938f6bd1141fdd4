using System.Net;
using System.Net.Http.Json;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.CheckIn;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Care;

/// <summary>
/// 窗帘之约 by the door's QR code and by SMS reply code: the door card (masked name, a random token, revocable), the
/// anonymous one-tap page /c/{token} (channel DoorQr; a revoked or unknown token and an elder no longer enrolled get
/// a clear problem and nothing is written), the inbound SMS webhook (shared secret; the sender matched by keyed hash
/// against the phones listed at enrolment; channel Sms), and the data scope of the card.
/// </summary>
public abstract class DoorAndSmsCheckInTests(GongzhiApp app)
{
    private sealed record Elder(long EntryId, string Name, string Phone);

    /// <summary>A resident of grid1's grid on the roster and enrolled in the check-in with grid1 told (and the extra phones).</summary>
    private async Task<Elder> EnrolledAsync(params string[] phones)
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var resident = await app.Given.ResidentAsync(household);
        var entry = (await community.PostJson("/api/care/entries", new { residentId = resident.GetProperty("id").GetInt64(), kind = "LivingAlone", frequencyDays = 7 })
            .Ok(HttpStatusCode.Created)).GetProperty("entry").GetProperty("id").GetInt64();
        await community.PutJson($"/api/care/entries/{entry}/checkin", new { watchers = new[] { "grid1" }, phones }).Ok();
        var phone = (await app.Db(db => db.Residents.IgnoreQueryFilters().Where(r => r.Id == resident.GetProperty("id").GetInt64()).Select(r => r.PhoneCipher).SingleAsync()))!;
        return new Elder(entry, resident.Str("name"), DecryptedPhone(phone));
    }

    private string DecryptedPhone(string cipher) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Gongzhi.Infrastructure.Security.PersonalDataProtector>(app.Services).Decrypt(cipher);

    private Task<List<(CheckInChannel Channel, string By)>> MarksAsync(long entryId) =>
        app.Db(async db => (await db.CareCheckIns.IgnoreQueryFilters().Where(c => c.EntryId == entryId).Select(c => new { c.Channel, c.MarkedByName }).ToListAsync())
            .Select(c => (c.Channel, c.MarkedByName)).ToList());

    private static string TokenOf(System.Text.Json.JsonElement card) => card.Str("token");

    [Fact]
    public async Task The_door_card_carries_a_random_token_and_one_anonymous_tap_marks_ok_today_by_door_qr()
    {
        var elder = await EnrolledAsync();
        var grid1 = await app.ClientFor("grid1");
        var card = await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok();
        var token = TokenOf(card);
        Assert.Equal(26, token.Length);
        Assert.EndsWith($"/c/{token}", card.Str("url"));
        Assert.Equal(elder.Name[0] + new string('*', elder.Name.Length - 1), card.Str("maskedName"));
        Assert.Matches(@"^\d{6}$", card.Str("smsReplyCode"));
        // Printing again shows the same card; the database holds only the hash and the ciphertext.
        Assert.Equal(token, TokenOf(await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok()));
        var stored = await app.Db(db => db.CareDoorTokens.IgnoreQueryFilters().Where(t => t.EntryId == elder.EntryId).Select(t => new { t.TokenHash, t.TokenCipher }).SingleAsync());
        Assert.DoesNotContain(token, stored.TokenHash + stored.TokenCipher);

        // The print page: the QR image and the masked name, never the full name or the phone.
        var print = await (await grid1.GetAsync($"/care/{elder.EntryId}/door-card")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"door-qr\" ", print.Replace("\"door-qr\"", "\"door-qr\" "));
        Assert.Contains("data:image/png;base64,", print);
        Assert.Contains($"/c/{token}", print);
        Assert.Contains("@page { size: A6", print);
        Assert.DoesNotContain(elder.Name, print);
        Assert.DoesNotContain(elder.Phone, print);

        // The phone page, anonymous: one tap, then the day is marked by the door's QR code, once.
        var phone = new PageBrowser(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var (status, page) = await phone.Get($"/c/{token}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"door-ok\"", page);
        Assert.DoesNotContain(elder.Name, page);
        var tapped = await phone.PostForm($"/c/{token}", "ok");
        Assert.Equal(HttpStatusCode.Redirect, tapped.StatusCode);
        Assert.Contains("id=\"door-marked\"", (await phone.Get($"/c/{token}")).Html);
        await app.Anonymous().PostJson($"/api/care/door/{token}/checkin", new { }).Ok();
        Assert.Equal([(CheckInChannel.DoorQr, "door QR")], await MarksAsync(elder.EntryId));
        var today = (await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/checkin/calendar").Ok()).GetProperty("days").EnumerateArray()
            .Single(d => d.Str("day") == DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"));
        Assert.Equal("Ok", today.Str("state"));
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "care.checkin" && a.EntityId == elder.EntryId.ToString() && a.UserName == "door QR")));
    }

    [Fact]
    public async Task A_regenerated_card_makes_the_old_token_a_clear_410_an_unknown_token_a_404_and_nothing_is_written()
    {
        var elder = await EnrolledAsync();
        var grid1 = await app.ClientFor("grid1");
        var old = TokenOf(await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok());
        var renewed = TokenOf(await grid1.PostJson($"/api/care/entries/{elder.EntryId}/door-card/regenerate", new { }).Ok());
        Assert.NotEqual(old, renewed);
        var anonymous = app.Anonymous();
        var gone = await anonymous.PostJson($"/api/care/door/{old}/checkin", new { }).Problem(HttpStatusCode.Gone);
        Assert.Contains("更换", gone.Str("detail"));
        var page = await anonymous.GetAsync($"/c/{old}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("id=\"problem\"", await page.Content.ReadAsStringAsync());
        await anonymous.PostJson($"/api/care/door/{new string('Z', 26)}/checkin", new { }).Problem(HttpStatusCode.NotFound);
        await anonymous.PostJson("/api/care/door/not-a-token/checkin", new { }).Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{new string('Z', 26)}")).StatusCode);
        Assert.Empty(await MarksAsync(elder.EntryId));

        // Revoked without a new one: the renewed card stops too, and there is nothing left to revoke.
        Assert.Equal(HttpStatusCode.NoContent, (await grid1.DeleteAsync($"/api/care/entries/{elder.EntryId}/door-card")).StatusCode);
        await anonymous.PostJson($"/api/care/door/{renewed}/checkin", new { }).Problem(HttpStatusCode.Gone);
        await grid1.DeleteAsync($"/api/care/entries/{elder.EntryId}/door-card").Problem(HttpStatusCode.Conflict);
        Assert.Empty(await MarksAsync(elder.EntryId));
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(a => a.Action == "care.door-revoke" && a.Detail == $"entry: {elder.EntryId}")));
    }

    [Fact]
    public async Task A_check_in_for_someone_no_longer_enrolled_is_refused_and_nothing_is_written()
    {
        var elder = await EnrolledAsync();
        var grid1 = await app.ClientFor("grid1");
        var token = TokenOf(await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok());
        var code = (await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok()).Str("smsReplyCode");
        await grid1.PutJson($"/api/care/entries/{elder.EntryId}/checkin", new { watchers = Array.Empty<string>() }).Ok();

        var refused = await app.Anonymous().PostJson($"/api/care/door/{token}/checkin", new { }).Problem(HttpStatusCode.Conflict);
        Assert.Contains("窗帘之约", refused.Str("detail"));
        Assert.Equal(HttpStatusCode.Conflict, (await app.Anonymous().GetAsync($"/c/{token}")).StatusCode);
        Assert.False((await Sms(GongzhiApp.SmsSecret, new { phone = elder.Phone, text = code }).Ok()).GetProperty("matched").GetBoolean());
        // Staff cannot print a card for someone not enrolled either.
        await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Problem(HttpStatusCode.Conflict);
        Assert.Empty(await MarksAsync(elder.EntryId));
    }

    private Task<HttpResponseMessage> Sms(string? secret, object body, bool form = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/care/checkin/sms")
        {
            Content = form
                ? new FormUrlEncodedContent(body.GetType().GetProperties().Select(p => new KeyValuePair<string, string>(p.Name, p.GetValue(body)?.ToString() ?? "")))
                : JsonContent.Create(body),
        };
        if (secret is not null) request.Headers.Add("X-Care-Sms-Secret", secret);
        return app.Anonymous().SendAsync(request);
    }

    [Fact]
    public async Task An_sms_reply_code_from_a_listed_phone_marks_ok_by_sms_and_anything_else_does_nothing()
    {
        var elder = await EnrolledAsync("+86 137-0000-2222");
        var grid1 = await app.ClientFor("grid1");
        var code = (await grid1.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok()).Str("smsReplyCode");

        // Wrong or missing secret: 401, nothing written.
        await Sms("wrong", new { phone = elder.Phone, text = code }).Problem(HttpStatusCode.Unauthorized);
        await Sms(null, new { phone = elder.Phone, text = code }).Problem(HttpStatusCode.Unauthorized);
        // A code from a phone not listed, an unknown code from a listed phone, no code at all: 200, no effect, audited masked.
        Assert.False((await Sms(GongzhiApp.SmsSecret, new { phone = "13600009999", text = code }).Ok()).GetProperty("matched").GetBoolean());
        var wrongCode = code == "999999" ? "888888" : "999999";
        Assert.False((await Sms(GongzhiApp.SmsSecret, new { from = elder.Phone, content = "平安" + wrongCode }).Ok()).GetProperty("matched").GetBoolean());
        Assert.False((await Sms(GongzhiApp.SmsSecret, new { phone = elder.Phone, text = "平安" }).Ok()).GetProperty("matched").GetBoolean());
        Assert.Empty(await MarksAsync(elder.EntryId));
        var unmatched = await app.Db(db => db.AuditEntries.Where(a => a.Action == "care.checkin-sms-unmatched").OrderByDescending(a => a.Id).Take(3).Select(a => a.Detail).ToListAsync());
        Assert.Contains("from 136****9999", unmatched);
        Assert.All(unmatched, d => Assert.DoesNotContain("13600009999", d));

        // The designated checker's phone (listed at enrolment, given in another form) with the code in a sentence, as a form post.
        var ok = await Sms(GongzhiApp.SmsSecret, new { mobile = "8613700002222", message = $"我家老人平安 {code}" }, form: true).Ok();
        Assert.True(ok.GetProperty("matched").GetBoolean());
        // The elder's own phone (from the registry) the same day: still one mark.
        Assert.True((await Sms(GongzhiApp.SmsSecret, new { phone = elder.Phone, text = code }).Ok()).GetProperty("matched").GetBoolean());
        Assert.Equal([(CheckInChannel.Sms, "137****2222")], await MarksAsync(elder.EntryId));
        var setup = await (await grid1.GetAsync($"/care/{elder.EntryId}")).Content.ReadAsStringAsync();
        Assert.Contains("137****2222", setup);
        Assert.DoesNotContain("13700002222", setup);
        // The phones are kept encrypted with the keyed hash beside them.
        Assert.All(await app.Db(db => db.CareCheckInPhones.IgnoreQueryFilters().Where(p => p.EntryId == elder.EntryId).Select(p => p.PhoneCipher).ToListAsync()),
            c => Assert.DoesNotContain("13700002222", c));

        // A new reply code retires the old one.
        var renewed = (await grid1.PostJson($"/api/care/entries/{elder.EntryId}/checkin/reply-code", new { }).Ok()).Str("smsReplyCode");
        Assert.NotEqual(code, renewed);
        Assert.False((await Sms(GongzhiApp.SmsSecret, new { phone = elder.Phone, text = code }).Ok()).GetProperty("matched").GetBoolean());
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_print_regenerate_or_revoke_a_door_card_outside_their_subtree()
    {
        var elder = await EnrolledAsync();
        var admin = await app.ClientFor("admin");
        var userName = "door" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostJson("/api/users", new { userName, displayName = "别的社区", password = "Door#2026x", role = "community", areaCodes = new[] { DemoCodes.OtherCommunity } })
            .Ok(HttpStatusCode.Created);
        var other = await app.ClientFor(userName, "Door#2026x");
        await other.GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Problem(HttpStatusCode.NotFound);
        await other.PostJson($"/api/care/entries/{elder.EntryId}/door-card/regenerate", new { }).Problem(HttpStatusCode.NotFound);
        await other.DeleteAsync($"/api/care/entries/{elder.EntryId}/door-card").Problem(HttpStatusCode.NotFound);
        await other.PostJson($"/api/care/entries/{elder.EntryId}/checkin/reply-code", new { }).Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/care/{elder.EntryId}/door-card")).StatusCode);
        await (await app.ClientFor("grid2")).GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Problem(HttpStatusCode.NotFound);
        Assert.False(await app.Db(db => db.CareDoorTokens.IgnoreQueryFilters().AnyAsync(t => t.EntryId == elder.EntryId)));
        // The elder's own community sees it.
        Assert.Equal(26, TokenOf(await (await app.ClientFor("community")).GetAsync($"/api/care/entries/{elder.EntryId}/door-card").Ok()).Length);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DoorAndSmsCheckInTestsOnSqlite(SqliteApp app) : DoorAndSmsCheckInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DoorAndSmsCheckInTestsOnPostgres(PostgresApp app) : DoorAndSmsCheckInTests(app);

/// <summary>A Gongzhi without the SMS secret and with the door limited to three requests a minute per client address.</summary>
public sealed class TightCareDoorApp() : SmallSqliteApp("care-door-tight", ("Care:DoorPerMinute", "3"), ("Care:SmsInboundSecret", ""));

public sealed class CareDoorLimitTests(TightCareDoorApp app) : IClassFixture<TightCareDoorApp>
{
    [Fact]
    public async Task The_door_is_rate_limited_per_address_and_the_sms_webhook_is_off_without_a_secret()
    {
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/care/door/{new string('Z', 26)}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync($"/c/{new string('Z', 26)}")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/care/checkin/sms") { Content = JsonContent.Create(new { phone = "13800001111", text = "123456" }) };
        request.Headers.Add("X-Care-Sms-Secret", "");
        await client.SendAsync(request).Problem(HttpStatusCode.NotFound);
    }
}
