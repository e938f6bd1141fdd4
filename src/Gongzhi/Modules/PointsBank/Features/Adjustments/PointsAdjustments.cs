using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.PointsBank.Features.Adjustments;

public sealed record RequestAdjustment(long AccountId, long Amount, string? Reason, string? IdempotencyKey);

public sealed record AdjustmentView(long Id, long AccountId, long Amount, string Reason, AdjustmentStatus Status, string RequestedByName,
    string? DecidedByName, long? TransactionId, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// Staff adjustments of a volunteer's points (against the savings office's issuing account), always with a reason.
/// Up to <see cref="PointsBankOptions.AdjustmentApprovalThreshold"/> points either way they post at once; above it they
/// wait as pending until another staff member in reach approves (the requester cannot) and then post. The audit entry
/// is written in the same database transaction as the posting.
/// </summary>
public sealed class PointsAdjustments(GongzhiDb db, PointsLedger ledger, LedgerPoster poster, BankNodes banks, CurrentUser user, AuditLog audit,
    TimeProvider clock, IOptions<PointsBankOptions> options, IStringLocalizer<SharedResource> l)
{
    public async Task<AdjustmentView> RequestAsync(RequestAdjustment body, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(body.Reason) && body.Reason.Trim().Length <= 500, "reason", l["An adjustment needs a reason (at most 500 characters)."]);
        v.Require(body.Amount != 0 && Math.Abs(body.Amount) <= 1_000_000, "amount", l["Adjust by a non-zero number of points."]);
        v.Require(!string.IsNullOrWhiteSpace(body.IdempotencyKey), "idempotencyKey", l["An idempotency key is required."]);
        v.ThrowIfInvalid();
        var key = "adjust:" + body.IdempotencyKey!.Trim();
        if (await db.PointsAdjustments.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.IdempotencyKey == key, ct) is { } before) return View(before);
        var account = await db.PointsAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == body.AccountId && a.Kind == PointsAccountKind.Volunteer, ct)
                      ?? throw AppProblem.NotFound(l["No points account {0} is within your reach.", body.AccountId]);
        var adjustment = new PointsAdjustment
        {
            AccountId = account.Id, AreaPath = account.AreaPath, Amount = body.Amount, Reason = body.Reason!.Trim(), Status = AdjustmentStatus.Pending,
            IdempotencyKey = key, RequestedByUserId = user.Id ?? "system", RequestedByName = user.DisplayName ?? "system", CreatedAt = clock.GetUtcNow(),
        };
        if (Math.Abs(body.Amount) > options.Value.AdjustmentApprovalThreshold)
        {
            db.PointsAdjustments.Add(adjustment);
            audit.RecordNew("points.adjustment.request", "PointsAdjustment", adjustment, $"{body.Amount:+#;-#} points: {adjustment.Reason} (awaits approval)");
            await db.SaveChangesAsync(ct);
            return View(adjustment);
        }
        await PostAsync(adjustment, account, isNew: true, ct);
        return View(await db.PointsAdjustments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.IdempotencyKey == key, ct));
    }

    public async Task<AdjustmentView> ApproveAsync(long id, CancellationToken ct)
    {
        var adjustment = await db.PointsAdjustments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound(id);
        if (adjustment.Status == AdjustmentStatus.Posted) return View(adjustment);
        if (adjustment.Status != AdjustmentStatus.Pending) throw AppProblem.Conflict(l["The adjustment was rejected."]);
        if (adjustment.RequestedByUserId == user.Id) throw AppProblem.Forbidden(l["A second person approves an adjustment: not the one who asked for it."]);
        var account = await db.PointsAccounts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == adjustment.AccountId, ct);
        await PostAsync(adjustment, account, isNew: false, ct);
        return View(await db.PointsAdjustments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id, ct));
    }

    public async Task<AdjustmentView> RejectAsync(long id, CancellationToken ct)
    {
        var adjustment = await db.PointsAdjustments.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFound(id);
        if (adjustment.Status != AdjustmentStatus.Pending) throw AppProblem.Conflict(l["Only a pending adjustment can be rejected."]);
        adjustment.Status = AdjustmentStatus.Rejected;
        adjustment.DecidedByUserId = user.Id;
        adjustment.DecidedByName = user.DisplayName;
        adjustment.DecidedAt = clock.GetUtcNow();
        audit.Record("points.adjustment.reject", "PointsAdjustment", id, adjustment.Reason, areaPath: adjustment.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(adjustment);
    }

    public async Task<IReadOnlyList<AdjustmentView>> ListAsync(AdjustmentStatus? status, CancellationToken ct) =>
        (await db.PointsAdjustments.Where(a => status == null || a.Status == status).OrderByDescending(a => a.Id).Take(200).ToListAsync(ct)).Select(View).ToList();

    private async Task PostAsync(PointsAdjustment adjustment, PointsAccount account, bool isNew, CancellationToken ct)
    {
        var issuing = await banks.AccountIdAsync(account.BankNodeId, PointsAccountKind.Issuing, ct);
        await ledger.KeyedAsync(adjustment.IdempotencyKey, async () =>
        {
            var now = clock.GetUtcNow();
            var tx = await poster.PostAsync(new PointsTransaction
            {
                Kind = PointsTransactionKind.Adjustment, IdempotencyKey = adjustment.IdempotencyKey, Reason = adjustment.Reason,
                SourceKind = "adjustment", PostedByUserId = user.Id, PostedByName = user.DisplayName, PostedAt = now,
            }, [new Leg(issuing, -adjustment.Amount), new Leg(account.Id, adjustment.Amount)], ct);
            if (isNew)
            {
                adjustment.Status = AdjustmentStatus.Posted;
                adjustment.TransactionId = tx.Id;
                adjustment.DecidedAt = now;
                db.PointsAdjustments.Add(adjustment);
                audit.RecordNew("points.adjustment", "PointsAdjustment", adjustment, $"{adjustment.Amount:+#;-#} points: {adjustment.Reason}");
            }
            else
            {
                var changed = await db.PointsAdjustments.IgnoreQueryFilters().Where(a => a.Id == adjustment.Id && a.Status == AdjustmentStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdjustmentStatus.Posted).SetProperty(a => a.TransactionId, tx.Id)
                        .SetProperty(a => a.DecidedByUserId, user.Id).SetProperty(a => a.DecidedByName, user.DisplayName).SetProperty(a => a.DecidedAt, now), ct);
                if (changed == 0) throw AppProblem.Conflict(l["The adjustment was decided meanwhile."]);
                audit.Record("points.adjustment.approve", "PointsAdjustment", adjustment.Id, $"{adjustment.Amount:+#;-#} points: {adjustment.Reason}", areaPath: adjustment.AreaPath);
            }
            await db.SaveChangesAsync(ct);
            return tx.Id;
        }, ct);
    }

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No adjustment {0} is within your reach.", id]);

    private static AdjustmentView View(PointsAdjustment a) =>
        new(a.Id, a.AccountId, a.Amount, a.Reason, a.Status, a.RequestedByName, a.DecidedByName, a.TransactionId, a.CreatedAt, a.DecidedAt);
}
