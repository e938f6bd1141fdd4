using System.Net;
using System.Text;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Registry;

/// <summary>Gongzhi configured for the national algorithms from the start: SM4-GCM and HMAC-SM3.</summary>
public sealed class Sm4SqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "200");
        builder.UseSetting("PersonalData:Algorithm", "SM4-GCM");
    }
}

public sealed class Sm4PostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "200");
        builder.UseSetting("PersonalData:Algorithm", "SM4-GCM");
    }
}

/// <summary>The registry on <c>PersonalData:Algorithm=SM4-GCM</c>: create, read, unmask, search, change, export.</summary>
public abstract class Sm4RegistryTests(GongzhiApp app)
{
    [Fact]
    public async Task The_demo_and_new_residents_are_under_sm4_and_found_through_hmac_sm3()
    {
        var keys = PersonalDataKeyFile.Read(app.KeyFile);
        Assert.Equal(16, Convert.FromBase64String(keys.Keys[keys.CurrentKeyId]).Length);
        Assert.Equal("HMAC-SM3", keys.LookupAlgorithm);
        Assert.Equal(0, await app.Db(db => db.Residents.CountAsync(r => !r.IdNumberCipher.StartsWith("v2.s.k1.") || (r.PhoneCipher != null && !r.PhoneCipher.StartsWith("v2.s.k1.")))));
        Assert.True(await app.Db(db => db.Merchants.AnyAsync(m => m.OwnerPhoneCipher!.StartsWith("v2.s.k1."))));

        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var household = await app.Given.HouseholdAsync(grid, room: "101");
        var created = await app.Given.ResidentAsync(household.GetProperty("id").GetInt64());
        var id = created.GetProperty("id").GetInt64();
        var clear = await community.PostJson($"/api/residents/{id}/unmask", new { reason = "核对" }).Ok();
        var (idNumber, phone) = (clear.Str("idNumber"), clear.Str("phone"));
        Assert.Equal(idNumber[..6] + "********" + idNumber[^4..], (await community.GetAsync($"/api/residents/{id}").Ok()).Str("idNumber"));

        // The stored hash is HMAC-SM3 under the lookup key, computed here independently of the protector.
        var (cipher, hash) = await app.Db(db => db.Residents.Where(r => r.Id == id).Select(r => new ValueTuple<string, string>(r.IdNumberCipher, r.IdNumberHash)).SingleAsync());
        Assert.StartsWith("v2.s.k1.", cipher);
        Assert.Equal(Convert.ToHexString(PersonalDataAlgorithms.Hmac(LookupHashAlgorithm.HmacSm3, Convert.FromBase64String(keys.LookupKey), Encoding.UTF8.GetBytes(idNumber))), hash);

        foreach (var q in new[] { idNumber, phone, idNumber[^6..], phone[^4..] })
            Assert.Contains((await community.GetAsync($"/api/residents?q={q}&pageSize=200").Ok()).Items(), r => r.GetProperty("id").GetInt64() == id);

        // A new phone replaces the old one in the lookups.
        var newPhone = "139" + Random.Shared.Next(10000000, 99999999);
        var update = new { name = "测试更新", idNumber, phone = newPhone, relation = "Householder", residencyType = "Registered" };
        await community.PutJson($"/api/residents/{id}", update).Ok();
        Assert.Contains((await community.GetAsync($"/api/residents?q={newPhone}").Ok()).Items(), r => r.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain((await community.GetAsync($"/api/residents?q={phone}").Ok()).Items(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(newPhone, (await community.PostJson($"/api/residents/{id}/unmask", new { reason = "核对" }).Ok()).Str("phone"));

        // One person, one record: the duplicate is found through the SM3 hash.
        var other = await app.Given.HouseholdAsync(grid, room: "102");
        await community.PostJson("/api/residents", new { householdId = other.GetProperty("id").GetInt64(), name = "重复", idNumber, relation = "Householder", residencyType = "Registered" })
            .Problem(HttpStatusCode.Conflict);

        // An unmasked export decrypts SM4-GCM.
        var export = await community.GetStringAsync($"/api/residents/export?q={idNumber}&unmasked=true&reason=核对&format=csv");
        Assert.Contains(idNumber, export);
        Assert.Contains(newPhone, export);
    }

    [Fact]
    public async Task Outbox_addresses_are_under_sm4()
    {
        var residentId = await app.Db(db => db.Residents.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        await app.Services.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<INotifier>().EnqueueAsync(new OutgoingMessage(NotificationsModule.Notice.Code, GongzhiApp.Unique("sm4-"),
                [new Recipient.Resident(residentId, "13800005678")], new Dictionary<string, string> { ["title"] = "停水", ["text"] = "正文" }, Channels.Sms), default);
            await sp.GetRequiredService<Gongzhi.Infrastructure.Database.GongzhiDb>().SaveChangesAsync();
        });
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        var addresses = await app.Db(db => db.NotificationDeliveries.Where(d => d.AddressMasked == "138****5678").Select(d => d.Address!).ToListAsync());
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.StartsWith("v2.s.", a));
        Assert.All(addresses, a => Assert.Equal("13800005678", protector.Decrypt(a)));
    }
}

public sealed class Sm4RegistryOnSqlite(Sm4SqliteApp app) : Sm4RegistryTests(app), IClassFixture<Sm4SqliteApp>;

public sealed class Sm4RegistryOnPostgres(Sm4PostgresApp app) : Sm4RegistryTests(app), IClassFixture<Sm4PostgresApp>;
