using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Reminders.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Policies.Features.Reminders;

/// <summary>
/// The job <c>policies.remind</c> (双提醒): for each policy with lead times, the residents of its area who do not
/// qualify today and will within the largest lead time (the "upcoming" list, date-driven: a birthday, say) are found
/// with the day they become eligible; at the lead time that day falls under (<see cref="LeadTimes.Current"/>) the grid
/// worker of the resident's node gets a task (a due item through <see cref="IDueItems"/>, due on the eligibility date,
/// shown on their /today page) and the resident an SMS through <see cref="INotifier"/> (non-urgent: the outbox holds
/// it through quiet hours). A <see cref="PolicyReminder"/> row per policy, resident, date and lead, saved with both,
/// makes each reminder go out exactly once however often the job runs.
/// </summary>
public sealed class PolicyReminders(GongzhiDb db, IResidentSelector selector, IResidentDirectory residents, IDueItems dueItems, INotifier notifier,
    IDeliveryTracking tracking, AuditLog audit, TimeProvider clock, ILogger<PolicyReminders> log)
{
    public const string JobName = "policies.remind";
    public const string MessageKind = "policies.reminder";
    public const string ContactMessageKind = "policies.reminder-contact";

    public static string TaskKey(long policyId, long residentId) => $"policy:{policyId}:resident:{residentId}";

    /// <summary>
    /// The SMS's outbox key (the outbox sends a key once): per lead and eligibility date, so a reminder re-dated within
    /// the same lead (a corrected birth date) goes out again with the new date, and an unchanged one never twice.
    /// </summary>
    public static string SmsKey(long policyId, long residentId, int lead, DateOnly eligibleOn) => $"policy-reminder:{policyId}:{residentId}:{lead}:{eligibleOn:yyyyMMdd}";

    /// <summary>Runs every policy with lead times (or only <paramref name="policyId"/>); answers how many reminders went out.</summary>
    public async Task<int> RunAsync(long? policyId, CancellationToken ct)
    {
        var today = BeijingTime.Today(clock);
        var policies = await db.Policies.AsNoTracking()
            .Where(p => p.RetiredAt == null && p.ReminderLeadTimes != "" && (policyId == null || p.Id == policyId)).OrderBy(p => p.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var policy in policies)
        {
            try
            {
                sent += await RunAsync(policy, today, ct);
            }
            catch (Exception e) when (e is RuleException or InvalidCriterionException)
            {
                // A rule that no longer compiles (a tag was deleted) must not stop the other policies' reminders.
                log.LogWarning("Policy {PolicyId}: its rule no longer compiles ({Reason}); no reminders.", policy.Id, e.Message);
            }
            db.ChangeTracker.Clear();
        }
        log.LogInformation("Policy reminders: {Count} sent for {Day}.", sent, today);
        return sent;
    }

    /// <summary>
    /// One resident's 双提醒 brought up to date after a registry change (see <see cref="PolicyRemindersOnResidentChange"/>):
    /// per policy with lead times, a pending task is moved to the new eligibility date, or closed when the resident no
    /// longer becomes eligible within the lead time (a corrected birth date, death, moving away, a tag removed), already
    /// qualifies, or is enrolled; a resident who now comes within a lead gets that lead's reminder as the job would send
    /// it (once: the same <see cref="PolicyReminder"/> rows). Runs with system reach. Answers how many tasks changed.
    /// </summary>
    public Task<int> RecomputeAsync(long residentId, CancellationToken ct) => RecomputeAsync([residentId], ct);

    /// <summary>
    /// Residents per round of <see cref="RecomputeAsync(IReadOnlyCollection{long}, CancellationToken)"/>: the ids go as one
    /// array parameter, and the day-by-day walk costs the same per round whatever its size, so rounds are large.
    /// </summary>
    public const int RecomputeChunk = 10_000;

    /// <summary>
    /// Many residents' 双提醒 brought up to date at once (an import's batch), as <see cref="RecomputeAsync(long, CancellationToken)"/>
    /// does for one, with set-based queries: per policy and chunk of residents, who qualifies today, who at the largest
    /// lead, and — only for those in between — the day-by-day walk to their eligibility day.
    /// </summary>
    public async Task<int> RecomputeAsync(IReadOnlyCollection<long> residentIds, CancellationToken ct)
    {
        var policies = await db.Policies.AsNoTracking().Where(p => p.RetiredAt == null && p.ReminderLeadTimes != "").OrderBy(p => p.Id).ToListAsync(ct);
        if (policies.Count == 0 || residentIds.Count == 0) return 0;
        var today = BeijingTime.Today(clock);
        var changed = 0;
        foreach (var chunk in residentIds.Distinct().Chunk(RecomputeChunk))
        {
            changed += await RecomputeChunkAsync(policies, chunk, today, ct);
            db.ChangeTracker.Clear();
        }
        return changed;
    }

    private async Task<int> RecomputeChunkAsync(List<Policy> policies, long[] ids, DateOnly today, CancellationToken ct)
    {
        var pending = (await db.PolicyReminders.IgnoreQueryFilters().AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.ResidentId) && r.EligibleOn >= today)
            .Select(r => new PendingReminder(r.PolicyId, r.ResidentId, r.EligibleOn, r.LeadDays, r.SmsKey)).ToListAsync(ct)).ToLookup(r => (r.PolicyId, r.ResidentId));
        var found = new Dictionary<long, ResidentRef?>();
        async Task<ResidentRef?> Resident(long id) => found.TryGetValue(id, out var r) ? r : found[id] = await residents.FindAsync(id, ct);
        var changed = 0;
        foreach (var policy in policies)
        {
            var leads = LeadTimes.Parse(policy.ReminderLeadTimes, out var error);
            if (error is not null || leads.Count == 0) continue;
            Dictionary<long, int> upcoming;
            try
            {
                upcoming = await EligibilityDaysAsync(policy, leads.Max(), today, ids, ct);
            }
            catch (Exception e) when (e is RuleException or InvalidCriterionException)
            {
                continue; // the job logs it; nothing to recompute against
            }
            foreach (var residentId in ids)
            {
                var mine = pending[(policy.Id, residentId)].ToList();
                // The directory answers with the household and node the task and SMS need (and null for one no longer current).
                var resident = upcoming.ContainsKey(residentId) ? await Resident(residentId) : null;
                if (resident is null || !upcoming.TryGetValue(residentId, out var d))
                {
                    if (mine.Count == 0) continue;
                    await dueItems.CloseAsync(TaskKey(policy.Id, residentId), "登记信息变更，不再临近符合条件 / no longer about to qualify after a registry change", ct);
                    CancelQueued(mine, keep: null);
                    audit.Record("policy.remind-close", "policy", policy.Id, $"resident {residentId}", userName: "system", areaPath: policy.AreaPath);
                    changed++;
                    continue;
                }
                var eligibleOn = today.AddDays(d);
                if (LeadTimes.Current(leads, d) is { } lead && !mine.Any(p => p.EligibleOn == eligibleOn && p.LeadDays == lead))
                {
                    // Re-dated (or newly within a lead): the SMS with the old date, if still queued, must not go out after the new one.
                    CancelQueued(mine, keep: eligibleOn);
                    await SendAsync(policy, resident, lead, eligibleOn, d, leads, ct);
                    changed++;
                }
                else if (mine.Count > 0 && mine.All(p => p.EligibleOn != eligibleOn))
                {
                    CancelQueued(mine, keep: eligibleOn);
                    await UpsertTaskAsync(policy, resident, eligibleOn, leads, ct);
                    changed++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }

    private sealed record PendingReminder(long PolicyId, long ResidentId, DateOnly EligibleOn, int LeadDays, string? SmsKey);

    /// <summary>The SMS of earlier reminders that name another date than <paramref name="keep"/> are cancelled while still queued (quiet hours).</summary>
    private void CancelQueued(IEnumerable<PendingReminder> reminders, DateOnly? keep)
    {
        foreach (var r in reminders.Where(r => r.SmsKey is not null && r.EligibleOn != keep)) tracking.CancelQueued(r.SmsKey!);
    }

    public static Task RunJobAsync(IServiceProvider services, CancellationToken ct) =>
        ActivatorUtilities.CreateInstance<PolicyReminders>(services).RunAsync(null, ct);

    private async Task<int> RunAsync(Policy policy, DateOnly today, CancellationToken ct)
    {
        var leads = LeadTimes.Parse(policy.ReminderLeadTimes, out var error);
        if (error is not null || leads.Count == 0) return 0;
        var upcoming = await EligibilityDaysAsync(policy, leads.Max(), today, null, ct);
        if (upcoming.Count == 0) return 0;
        var ids = upcoming.Keys.ToList();
        var done = (await db.PolicyReminders.IgnoreQueryFilters().AsNoTracking().Where(r => r.PolicyId == policy.Id && ids.Contains(r.ResidentId))
            .Select(r => new { r.ResidentId, r.EligibleOn, r.LeadDays }).ToListAsync(ct)).Select(r => (r.ResidentId, r.EligibleOn, r.LeadDays)).ToHashSet();
        var sent = 0;
        foreach (var (residentId, daysLeft) in upcoming.OrderBy(u => u.Key))
        {
            if (LeadTimes.Current(leads, daysLeft) is not { } lead) continue;
            var eligibleOn = today.AddDays(daysLeft);
            if (done.Contains((residentId, eligibleOn, lead))) continue;
            if (await residents.FindAsync(residentId, ct) is not { } resident) continue; // moved away or deceased since
            await SendAsync(policy, resident, lead, eligibleOn, daysLeft, leads, ct);
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>
    /// Residents who do not qualify today and will within <paramref name="maxLead"/> days, with the days until they do:
    /// the first day of a day-by-day walk on which each qualifies (one query a day, only while some are unplaced).
    /// </summary>
    private async Task<Dictionary<long, int>> EligibilityDaysAsync(Policy policy, int maxLead, DateOnly today, long[]? only, CancellationToken ct)
    {
        var criterion = RuleCompiler.Compile(RuleParser.Parse(policy.Rule));
        var now = await selector.SelectAsync(criterion, today, policy.AreaPath, ct, check: false);
        var later = await selector.SelectAsync(criterion, today.AddDays(maxLead), policy.AreaPath, ct, check: false);
        // Already enrolled ahead of time (a department's list): nobody needs reminding.
        var enrolled = db.PolicyEnrolments.Where(e => e.PolicyId == policy.Id && e.EndedOn == null).Select(e => e.ResidentId);
        // A registry change: only the residents it touched, in every subquery, so each is read by its key rather than
        // the policy's whole area. One array parameter (json_each, = ANY), not EF's default list of parameters: with
        // a thousand of those SQLite's planner prefers the path range and reads the whole area.
        IQueryable<long> Only(IQueryable<long> ids) => only is null ? ids : ids.Where(id => EF.Parameter(only).Contains(id));
        var remaining = (await Only(later.Except(Only(now.Ids)).Except(Only(enrolled)).Ids).ToListAsync(ct)).ToHashSet();
        var found = new Dictionary<long, int>();
        for (var d = 1; d <= maxLead && remaining.Count > 0; d++)
        {
            var candidates = remaining.ToList();
            var on = await selector.SelectAsync(criterion, today.AddDays(d), policy.AreaPath, ct, check: false);
            var placed = only is null ? on.Ids.Where(id => candidates.Contains(id)) : on.Ids.Where(id => EF.Parameter(candidates).Contains(id));
            foreach (var id in await placed.ToListAsync(ct))
            {
                found[id] = d;
                remaining.Remove(id);
            }
        }
        return found;
    }

    /// <summary>The grid worker's task: on their /today list from the first lead; its own rule repeats the lead times as in-app reminders.</summary>
    private Task UpsertTaskAsync(Policy policy, ResidentRef resident, DateOnly eligibleOn, IReadOnlyList<int> leads, CancellationToken ct) =>
        dueItems.UpsertAsync(new DueItemRegistration(TaskKey(policy.Id, resident.Id), DueKind.Other, $"{policy.Name}：{resident.Name}（{resident.Address}）{eligibleOn:yyyy-MM-dd} 起符合条件",
            resident.AreaNodeId, eligibleOn, new ReminderRule(leads, OnTheDay: true), OwnerRole: Roles.Grid, Link: $"/residents/{resident.Id}"), ct);

    private async Task SendAsync(Policy policy, ResidentRef resident, int lead, DateOnly eligibleOn, int daysLeft, IReadOnlyList<int> leads, CancellationToken ct)
    {
        var taskKey = TaskKey(policy.Id, resident.Id);
        await UpsertTaskAsync(policy, resident, eligibleOn, leads, ct);
        // "To the resident or their household contact": without a phone of their own, the householder's (or another adult member's).
        var phone = await residents.PhoneForMessagesAsync(resident.Id, ct);
        var toContact = false;
        if (phone is null && await residents.HouseholdContactPhoneForMessagesAsync(resident.Id, ct) is { } contact) (phone, toContact) = (contact, true);
        string? smsKey = null;
        if (phone is not null)
        {
            smsKey = SmsKey(policy.Id, resident.Id, lead, eligibleOn);
            var values = new Dictionary<string, string>
            {
                ["policy"] = policy.Name, ["date"] = eligibleOn.ToString("yyyy-MM-dd"), ["days"] = daysLeft.ToString(), ["benefit"] = policy.Benefit ?? "",
            };
            if (toContact) values["name"] = resident.Name;
            await notifier.EnqueueAsync(new OutgoingMessage(toContact ? ContactMessageKind : MessageKind, smsKey, [new Recipient.Resident(resident.Id, phone)],
                values, Channels.Sms, Urgent: false), ct);
        }
        var now = clock.GetUtcNow();
        db.PolicyReminders.Add(new PolicyReminder
        {
            PolicyId = policy.Id, ResidentId = resident.Id, AreaPath = resident.AreaPath, LeadDays = lead, EligibleOn = eligibleOn,
            TaskKey = taskKey, SmsKey = smsKey, SmsToHouseholdContact = toContact, SentAt = now,
        });
        // The resident by id only: names and phones stay out of the audit detail and the logs.
        audit.Record("policy.remind", "policy", policy.Id, $"resident {resident.Id}; lead {lead}; eligible {eligibleOn:yyyy-MM-dd}; sms {(smsKey is null ? "no phone" : toContact ? "queued to the household contact" : "queued")}",
            userName: "system", areaPath: resident.AreaPath);
    }
}
