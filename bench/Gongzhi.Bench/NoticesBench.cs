using System.Diagnostics;
using Gongzhi.Demo;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Bench;

/// <summary>
/// "A notice to every household of a street (100,000 recipients) is resolved and enqueued in ≤ 10 s." Loads the real
/// Rencheng tree with a synthetic registry of N residents (phones encrypted as the app stores them), writes one
/// emergency notice to the node whose subtree holds them (in-app and SMS), and times the module's own
/// <see cref="NoticeService.PublishAsync"/>: the audience resolved by the registry's selector, every phone decrypted,
/// one <c>INotifier.EnqueueAsync</c> call and the save that writes the messages in bulk and marks the notice published.
/// Usage: notices sqlite|postgres [residents]
/// </summary>
internal static class NoticesBench
{
    private const int Seed = 20261129;

    public static async Task RunAsync(string[] args)
    {
        var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var count = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        var connectionString = await BenchDatabase.CreateAsync(provider, "bench_notices");
        await using var host = BenchDatabase.Host(BenchDatabase.Settings(provider, connectionString, "--App:PublicBaseUrl=https://gongzhi.example.cn"));

        var clock = Stopwatch.StartNew();
        Generator.Result data = null!;
        await host.Services.AsSystemAsync(async sp =>
        {
            await BenchDatabase.PrepareAsync(sp);
            Console.WriteLine($"Generating the tree and {count:N0} residents …");
            data = await new Generator(provider, connectionString, sp.GetRequiredService<PersonalDataProtector>()).RunAsync(sp.GetRequiredService<GongzhiDb>(), count, Seed);
        });
        var generated = clock.Elapsed;

        // The generator spreads its residents over the district's communities: the notice goes to the district node,
        // whose subtree holds them all (the selection is the same path-range query for a street).
        var notice = await host.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var district = await db.AreaNodes.IgnoreQueryFilters().SingleAsync(n => n.Code == "370811");
            var n = new Notice
            {
                Title = "停水通知", Body = "因管网维修，明日8:00–18:00停水，请提前储水。", Urgency = NoticeUrgency.Emergency,
                Channels = NoticeChannels.InApp | NoticeChannels.Sms, AreaCodes = district.Code, AreaNodeId = district.Id, AreaPath = district.Path,
                State = NoticeState.Scheduled, PublishAt = DateTimeOffset.UtcNow, CreatedBy = "bench", CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Notices.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });

        // The audience alone (the registry's selection streamed with phones decrypted), to tell its share from the enqueue's.
        var streamWatch = Stopwatch.StartNew();
        var streamed = await host.Services.AsSystemAsync(async sp =>
        {
            var selector = sp.GetRequiredService<IResidentSelector>();
            var criterion = new ResidentCriterion.All([new ResidentCriterion.Any([new ResidentCriterion.InArea("370811")])]);
            var selection = await selector.SelectAsync(criterion, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), null, default, check: false);
            var n = 0;
            await foreach (var _ in selector.StreamAsync(selection, unmasked: true, NoticeService.MaxRecipients, default)) n++;
            return n;
        });
        var streamTime = streamWatch.Elapsed;
        Console.WriteLine($"audience streamed alone: {streamed:N0} residents in {streamTime.TotalSeconds:0.0} s");

        var watch = Stopwatch.StartNew();
        var recipients = await host.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var n = await db.Notices.SingleAsync(x => x.Id == notice);
            await sp.GetRequiredService<NoticeService>().PublishAsync(n, default);
            return n.RecipientCount;
        });
        var published = watch.Elapsed;
        var (messages, sms) = await host.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var key = $"notice:{notice}|";
            return (await db.Notifications.CountAsync(x => x.DedupKey.StartsWith(key)),
                await db.NotificationDeliveries.CountAsync(d => d.Notification.DedupKey.StartsWith(key) && d.Channel == Modules.Notifications.Domain.DeliveryChannel.Sms));
        });
        var verdict = published <= TimeSpan.FromSeconds(10) ? "met" : "missed";
        Console.WriteLine($"| {provider} | {data.Residents:N0} residents generated in {generated.TotalSeconds:0} s | {recipients:N0} recipients | {messages:N0} messages, {sms:N0} SMS queued | resolved and enqueued in {published.TotalSeconds:0.0} s (target 10 s: {verdict}; the audience streamed alone {streamTime.TotalSeconds:0.0} s) | working set {Environment.WorkingSet / 1024 / 1024:N0} MB |");
    }
}
