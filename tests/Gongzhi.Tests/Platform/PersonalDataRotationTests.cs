using System.Net;
using System.Text;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>A populated Gongzhi of its own for each database: its keys are rotated while it serves.</summary>
public sealed class RotationSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "300");
    }
}

public sealed class RotationPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "300");
    }
}

/// <summary>
/// <c>rotate-personal-data</c> on a populated database: from AES-GCM to SM4-GCM (HMAC-SM3) and back, interrupted
/// midway and resumed, while the app keeps reading every value and finding residents by exact ID number and phone;
/// then a foreign key file, which must fail loudly.
/// </summary>
public abstract class PersonalDataRotationTests(GongzhiApp app)
{
    private PersonalDataProtector Protector => app.Services.GetRequiredService<PersonalDataProtector>();

    [Fact]
    public async Task Every_ciphertext_and_lookup_hash_moves_to_sm4_and_back_while_the_app_serves_and_a_killed_run_resumes()
    {
        var admin = await app.ClientFor("admin");
        var community = admin; // sees the whole registry: the search is over everything, as on a district
        var (residents, merchantId) = await PopulateAsync(admin);
        var first = residents[0]; // a low id: rotated by the first batch
        var last = residents[^1]; // the highest id: rotated last
        await ExpectFoundAsync(community, residents);

        // 1. A new SM4-GCM key (16 bytes) and an HMAC-SM3 lookup key become current; the app takes them up.
        NewKey(PersonalDataAlgorithm.Sm4Gcm);
        Assert.Equal((PersonalDataAlgorithm.Sm4Gcm, LookupHashAlgorithm.HmacSm3), (Protector.Algorithm, Protector.LookupAlgorithm));
        Assert.Equal(16, Convert.FromBase64String(PersonalDataKeyFile.Read(app.KeyFile).Keys["k2"]).Length);

        // 2. A run killed after three batches: what it committed stays, the rest waits, and the app still finds everyone.
        var lines = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RotateAsync(lines, stopAfter: 3));
        Assert.Equal(3, lines.Count(l => l.StartsWith("residents: ")));
        Assert.Contains("residents: 150/", lines[^1]);
        var (underNew, underOld) = await app.Db(async db => (
            await db.Residents.CountAsync(r => r.IdNumberCipher.StartsWith("v2.s.k2.")),
            await db.Residents.CountAsync(r => !r.IdNumberCipher.StartsWith("v2.s.k2."))));
        Assert.Equal(150, underNew);
        Assert.True(underOld > 100);
        Assert.StartsWith("v2.s.k2.", await CipherOf(first.Id));
        Assert.DoesNotContain(".k2.", await CipherOf(last.Id));
        await ExpectFoundAsync(community, residents); // rotated rows by the new hash, the others by the previous one
        var during = await NewResidentAsync(admin); // written meanwhile: under the new key at once
        Assert.StartsWith("v2.s.k2.", await CipherOf(during.Id));
        residents.Add(during);

        // 3. The resumed run finishes: nothing is under k1 in any column of any table, and the previous lookup key is gone.
        lines.Clear();
        var report = await RotateAsync(lines);
        Assert.True(report.PreviousLookupKeysDropped);
        Assert.Contains(report.Tables, t => t.Table == "residents" && t.Changed < t.Read); // the first 150 were skipped
        Assert.All(new[] { "residents", "merchants", "notification_deliveries", "wecom_robots" }, t => Assert.Contains(report.Tables, r => r.Table == t && r.Read > 0));
        Assert.Empty(await StrayAsync("k1"));
        Assert.Null(PersonalDataKeyFile.Read(app.KeyFile).PreviousLookupKeys);
        Assert.False(Protector.HasPreviousLookupKeys);
        await ExpectFoundAsync(community, residents);
        await ExpectReadableAsync(merchantId);
        var again = await RotateAsync([]);
        Assert.All(again.Tables, t => Assert.Equal(0, t.Changed)); // idempotent: a second run rewrites nothing

        // 4. And back to AES-GCM with HMAC-SHA256.
        NewKey(PersonalDataAlgorithm.AesGcm);
        await ExpectFoundAsync(community, residents);
        await RotateAsync([]);
        Assert.Empty(await StrayAsync("k2"));
        Assert.StartsWith("v2.a.k3.", await CipherOf(first.Id));
        await ExpectFoundAsync(community, residents);
        await ExpectReadableAsync(merchantId);
    }

    [Fact]
    public async Task Edits_made_while_a_rotation_runs_are_kept_and_found()
    {
        var admin = await app.ClientFor("admin");
        var grid = (await app.Given.GridAsync()).Str("code");
        var people = new List<Person>();
        for (var i = 0; i < 4; i++)
        {
            var household = await app.Given.HouseholdAsync(grid, room: $"{201 + i}");
            var id = (await app.Given.ResidentAsync(household.GetProperty("id").GetInt64())).GetProperty("id").GetInt64();
            var clear = await admin.PostJson($"/api/residents/{id}/unmask", new { reason = "核对" }).Ok();
            people.Add(new Person(id, clear.Str("idNumber"), clear.Str("phone")));
        }
        NewKey(Protector.Algorithm == PersonalDataAlgorithm.AesGcm ? PersonalDataAlgorithm.Sm4Gcm : PersonalDataAlgorithm.AesGcm);

        // Phones change through the API while the rotation works through small batches.
        var rotation = Task.Run(() => app.Services.AsSystemAsync(sp => sp.GetRequiredService<PersonalDataRotation>().RunAsync(5, _ => { }, default)));
        var phones = people.ToDictionary(p => p.Id, p => p.Phone);
        for (var round = 0; round < 3; round++)
        {
            foreach (var p in people)
            {
                phones[p.Id] = "137" + Random.Shared.Next(10000000, 99999999);
                await admin.PutJson($"/api/residents/{p.Id}", new { name = "轮换中", idNumber = p.IdNumber, phone = phones[p.Id], relation = "Householder", residencyType = "Registered" }).Ok();
            }
        }
        await rotation;

        foreach (var p in people)
        {
            var clear = await admin.PostJson($"/api/residents/{p.Id}/unmask", new { reason = "核对" }).Ok();
            Assert.Equal((p.IdNumber, phones[p.Id]), (clear.Str("idNumber"), clear.Str("phone"))); // no edit overwritten by the rotation
            Assert.Contains((await admin.GetAsync($"/api/residents?q={phones[p.Id]}").Ok()).Items(), r => r.GetProperty("id").GetInt64() == p.Id);
            Assert.Contains((await admin.GetAsync($"/api/residents?q={p.IdNumber}").Ok()).Items(), r => r.GetProperty("id").GetInt64() == p.Id);
        }
        Assert.Empty(await app.Db(db => db.Residents.Where(r => !r.IdNumberCipher.StartsWith("v2." + (Protector.Algorithm == PersonalDataAlgorithm.Sm4Gcm ? "s" : "a") + "." + Protector.CurrentKeyId + "."))
            .Select(r => r.Id).ToListAsync()));
    }

    [Fact]
    public async Task A_foreign_key_file_fails_loudly_in_the_app_and_in_the_rotation()
    {
        var admin = await app.ClientFor("admin", culture: "en-US");
        var resident = await NewResidentAsync(admin);
        var original = await File.ReadAllTextAsync(app.KeyFile);
        try
        {
            // The same key ids, other key bytes: what restoring a database beside the wrong key file looks like.
            var foreign = PersonalDataKeyFile.Read(app.KeyFile);
            foreach (var id in foreign.Keys.Keys.ToList())
                foreign.Keys[id] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(Convert.FromBase64String(foreign.Keys[id]).Length));
            foreign.Write(app.KeyFile);
            Protector.Reload();

            var problem = await admin.PostJson($"/api/residents/{resident.Id}/unmask", new { reason = "核对" }).Problem(HttpStatusCode.InternalServerError);
            Assert.Contains("Personal data cannot be decrypted with the keys this server has", problem.Str("detail"));
            Assert.DoesNotContain(resident.IdNumber, problem.GetRawText());
            // The resident page's "show unmasked" says the same in place.
            var browser = await Pages.PageBrowser.SignIn(app, "admin");
            using var fragment = await browser.PostEndpoint($"/residents/{resident.Id}", $"/fragments/residents/{resident.Id}/unmask", ("reason", "核对"));
            var html = await fragment.Content.ReadAsStringAsync();
            Assert.Contains("alert-danger", html);
            Assert.Contains("无法用本服务器的密钥解密个人信息", html);
            Assert.DoesNotContain(resident.IdNumber, html);
            var error = await Assert.ThrowsAsync<PersonalDataKeyException>(() => RotateAsync([]));
            Assert.Matches(@"^residents #\d+: Personal data under key 'k\d' \((AES|SM4)-GCM\) does not decrypt", error.Message);
        }
        finally
        {
            await File.WriteAllTextAsync(app.KeyFile, original);
            Protector.Reload();
        }
        Assert.Equal(resident.IdNumber, (await admin.PostJson($"/api/residents/{resident.Id}/unmask", new { reason = "核对" }).Ok()).Str("idNumber"));
    }

    private sealed record Person(long Id, string IdNumber, string Phone);

    private void NewKey(PersonalDataAlgorithm algorithm)
    {
        var file = PersonalDataKeyFile.Read(app.KeyFile);
        file.AddKey(algorithm);
        file.Write(app.KeyFile);
        Protector.Reload(); // what every node does on its own within seconds
    }

    private Task<RotationReport> RotateAsync(List<string> lines, int? stopAfter = null) => app.Services.AsSystemAsync(async sp =>
    {
        using var cts = new CancellationTokenSource();
        return await sp.GetRequiredService<PersonalDataRotation>().RunAsync(50, lines.Add, cts.Token, n => { if (n == stopAfter) cts.Cancel(); });
    });

    private Task<string> CipherOf(long id) => app.Db(db => db.Residents.Where(r => r.Id == id).Select(r => r.IdNumberCipher).SingleAsync());

    /// <summary>Demo residents (the first one also under the first version's format), a merchant, an SMS and a WeCom message with mentions, a robot.</summary>
    private async Task<(List<Person> Residents, long MerchantId)> PopulateAsync(HttpClient admin)
    {
        var ids = await app.Db(db => db.Residents.Where(r => r.Status == Gongzhi.Modules.Registry.Domain.ResidentStatus.Active && r.PhoneCipher != null)
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        var people = new List<Person>();
        foreach (var id in new[] { ids[0], ids[120], ids[^1] })
        {
            var clear = await admin.PostJson($"/api/residents/{id}/unmask", new { reason = "核对" }).Ok();
            people.Add(new Person(id, clear.Str("idNumber"), clear.Str("phone")));
        }
        // The first version wrote v1.{keyId}.{…}: such a value must move too.
        var keys = PersonalDataKeyFile.Read(app.KeyFile);
        var v1 = LegacyV1(keys.CurrentKeyId, Convert.FromBase64String(keys.Keys[keys.CurrentKeyId]), people[0].IdNumber);
        await app.Db(db => db.Residents.IgnoreQueryFilters().Where(r => r.Id == people[0].Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.IdNumberCipher, v1)));

        var merchant = await admin.PostJson("/api/merchants", new { areaCode = DemoCodes.Grid1, name = GongzhiApp.Unique("商户"), category = "Retail", ownerName = "张三", ownerPhone = "13900001111", address = "测试路1号" }).Ok(HttpStatusCode.Created);
        var robot = GongzhiApp.Unique("robot-");
        await admin.PutJson($"/api/notifications/robots/{robot}", new { areaCode = DemoCodes.Grid1, url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET" }).Ok();
        await app.Services.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<INotifier>().EnqueueAsync(new OutgoingMessage(NotificationsModule.Notice.Code, GongzhiApp.Unique("rotation-"),
                [new Recipient.Resident(people[1].Id, people[1].Phone), new Recipient.WeComGroup(robot, ["13800001234"])],
                new Dictionary<string, string> { ["title"] = "停水", ["text"] = "正文" }, Channels.Sms | Channels.WeCom), default);
            await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
        });
        Assert.NotEmpty(await StrayAsync("k1")); // the check below can find what it looks for
        return (people, merchant.GetProperty("id").GetInt64());
    }

    private async Task<Person> NewResidentAsync(HttpClient admin)
    {
        var household = await app.Given.HouseholdAsync((await app.Given.GridAsync()).Str("code"), room: "101");
        var id = (await app.Given.ResidentAsync(household.GetProperty("id").GetInt64())).GetProperty("id").GetInt64();
        var clear = await admin.PostJson($"/api/residents/{id}/unmask", new { reason = "核对" }).Ok();
        return new Person(id, clear.Str("idNumber"), clear.Str("phone"));
    }

    /// <summary>Every resident is found by exact ID number, by exact phone and by the tails, and unmasks to the same values.</summary>
    private static async Task ExpectFoundAsync(HttpClient community, IEnumerable<Person> people)
    {
        foreach (var p in people)
        {
            foreach (var q in new[] { p.IdNumber, p.Phone, p.IdNumber[^6..], p.Phone[^4..] })
                Assert.Contains((await community.GetAsync($"/api/residents?q={q}&pageSize=200").Ok()).Items(), r => r.GetProperty("id").GetInt64() == p.Id);
            var clear = await community.PostJson($"/api/residents/{p.Id}/unmask", new { reason = "核对" }).Ok();
            Assert.Equal((p.IdNumber, p.Phone), (clear.Str("idNumber"), clear.Str("phone")));
        }
    }

    private async Task ExpectReadableAsync(long merchantId)
    {
        var protector = Protector;
        var (owner, addresses, options, urls) = await app.Db(async db => (
            await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.OwnerPhoneCipher!).SingleAsync(),
            await db.NotificationDeliveries.Where(d => d.Channel == Gongzhi.Modules.Notifications.Domain.DeliveryChannel.Sms && d.Address != null).Select(d => d.Address!).ToListAsync(),
            await db.NotificationDeliveries.Where(d => d.Options != null).Select(d => d.Options!).ToListAsync(),
            await db.WeComRobots.Select(r => r.UrlCipher).ToListAsync()));
        Assert.Equal("13900001111", protector.Decrypt(owner));
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Matches(@"^1\d{10}$", protector.Decrypt(a)));
        Assert.Contains(options, o => o.Contains("MentionedMobiles\":\"v2."));
        Assert.All(urls, u => Assert.StartsWith("https://", protector.Decrypt(u)));
    }

    /// <summary>Columns of every table of the model that still hold a value under the key id (also inside JSON).</summary>
    private Task<List<string>> StrayAsync(string keyId) => app.Db(async db =>
    {
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetViewName() is null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                var column = property.GetColumnName(table);
                if (column is null) continue;
                // Names from the model, the pattern as a parameter.
                var sql = "SELECT count(*) AS \"Value\" FROM \"" + table.Name + "\" WHERE \"" + column + "\" LIKE {0}";
                var count = await db.Database.SqlQueryRaw<int>(sql, $"%.{keyId}.%").SingleAsync();
                if (count > 0) found.Add($"{table.Name}.{column}: {count}");
            }
        }
        return found;
    });

    private static string LegacyV1(string keyId, byte[] key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[28 + plain.Length];
        System.Security.Cryptography.RandomNumberGenerator.Fill(buffer.AsSpan(0, 12));
        using var aes = new System.Security.Cryptography.AesGcm(key, 16);
        aes.Encrypt(buffer.AsSpan(0, 12), plain, buffer.AsSpan(28), buffer.AsSpan(12, 16), Encoding.ASCII.GetBytes(keyId));
        return $"v1.{keyId}.{Convert.ToBase64String(buffer)}";
    }
}

public sealed class PersonalDataRotationOnSqlite(RotationSqliteApp app) : PersonalDataRotationTests(app), IClassFixture<RotationSqliteApp>;

public sealed class PersonalDataRotationOnPostgres(RotationPostgresApp app) : PersonalDataRotationTests(app), IClassFixture<RotationPostgresApp>;
