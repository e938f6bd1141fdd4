using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Audit.Domain;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Gongzhi.Resources;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// The one DbContext. Every entity that hangs on the area tree carries a materialized <c>Path</c> and is filtered
/// by <see cref="DataScope"/> here, so no page, API route, search or export can forget the data-scope rule.
/// </summary>
public sealed partial class GongzhiDb(DbContextOptions<GongzhiDb> options, DataScope scope, IStringLocalizer<SharedResource>? l = null)
    : IdentityDbContext<GongzhiUser, GongzhiRole, string>(options)
{
    public DataScope Scope { get; } = scope;

    /// <summary>The SQLite write gate this context's open transaction holds (see <see cref="SqliteWriteGate"/>), if any.</summary>
    internal SemaphoreSlim? HeldWriteGate { get; set; }

    internal void ReleaseWriteGate()
    {
        var gate = HeldWriteGate;
        HeldWriteGate = null;
        gate?.Release();
    }

    // A context dropped while its transaction is open (an exception before commit) must not keep other writers waiting.
    public override void Dispose()
    {
        ReleaseWriteGate();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ReleaseWriteGate();
        return base.DisposeAsync();
    }

    // Each module declares its tables beside its mappings (Modules/<Module>/Data/<Module>Tables.cs), so this class
    // names no module's entities beyond the area tree, which the cross-cutting rules below are about.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        if (Database.IsSqlite()) DatabaseSetup.SqliteConventions(conventions);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(GongzhiDb).Assembly);

        // The area tree itself, and everything that says it hangs on it (IAreaScoped): the data-scope filter, and
        // on PostgreSQL bytewise comparison of paths (prefix ranges, see PathRange) whatever the database's locale.
        ScopeFilter<AreaNode>(b, (Expression<Func<AreaNode, string>>)(n => n.Path));
        if (Database.IsNpgsql()) b.Entity<AreaNode>().Property(n => n.Path).UseCollation("C");
        foreach (var type in b.Model.GetEntityTypes().Select(t => t.ClrType).Where(AreaScoping.IsScoped).ToList())
        {
            ScopeFilterMethod.MakeGenericMethod(type).Invoke(this, [b, AreaScoping.PathOf(type)]);
            if (Database.IsNpgsql()) b.Entity(type).Property<string>(nameof(IAreaScoped.AreaPath)).UseCollation("C");
        }
        foreach (var type in b.Model.GetEntityTypes().Select(t => t.ClrType).Where(AreaScoping.IsExempt).ToList())
            if (Database.IsNpgsql()) b.Entity(type).Property<string>(nameof(IAreaScoped.AreaPath)).UseCollation("C");
    }

    private static readonly System.Reflection.MethodInfo ScopeFilterMethod =
        typeof(GongzhiDb).GetMethod(nameof(ScopeFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    /// <summary>
    /// Unrestricted (admins, system tasks), one subtree (an index range on the path), or several subtrees.
    /// The rule is written once and applied to each entity's path.
    /// </summary>
    private void ScopeFilter<T>(ModelBuilder b, LambdaExpression path) where T : class
    {
        Expression<Func<string, bool>> rule = p => Scope.UnrestrictedMarker != null
            || (Scope.SingleFrom != null && p.CompareTo(Scope.SingleFrom) >= 0 && p.CompareTo(Scope.SingleTo) < 0)
            || (Scope.SingleFrom == null && Scope.Paths.Any(s => p.StartsWith(s)));
        var body = new ParameterReplacer(rule.Parameters[0], path.Body).Visit(rule.Body);
        b.Entity<T>().HasQueryFilter(Expression.Lambda<Func<T, bool>>(body, path.Parameters));
    }

    private List<Func<GongzhiDb, CancellationToken, Task>>? _withNextSave;

    /// <summary>
    /// A write that bypasses the change tracker (a bulk insert of many rows) but must commit or roll back with the
    /// next <see cref="SaveChangesAsync(bool, CancellationToken)"/>: it runs inside that save's transaction (or the
    /// caller's), just before the tracked changes, and is forgotten once the save has committed.
    /// </summary>
    public void WithNextSave(Func<GongzhiDb, CancellationToken, Task> write) => (_withNextSave ??= []).Add(write);

    internal bool HasPendingBulkWrites => _withNextSave is not null;

    /// <summary>
    /// On SQLite every save runs in a transaction, even a single statement, so that it queues at the write gate
    /// instead of meeting a busy database (see <see cref="SqliteWriteGate"/>).
    /// </summary>
    private void WritesThroughGate()
    {
        if (Database.IsSqlite()) Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    /// <summary>Synchronous saves (the data-protection key store) may not carry changes that need the rules below.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (ChangeTracker.Entries<AreaNode>().Any(e => e.State is EntityState.Deleted or EntityState.Modified)
            || ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added && e.Entity.Subject is not null)
            || _withNextSave is not null)
            throw new NotSupportedException("Save asynchronously: area moves, delete guards, audit ids and bulk writes run queries around the save.");
        WritesThroughGate();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// The cross-cutting rules of a save, so no use case has to remember them: deleting an area node that still
    /// holds anything is refused (409, naming what is there); moving a node carries every path copy below it along;
    /// audit entries about a record created in the same save get its id. All of it in one transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        WritesThroughGate();
        var deleted = ChangeTracker.Entries<AreaNode>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity).ToList();
        var moved = ChangeTracker.Entries<AreaNode>()
            .Where(e => e.State == EntityState.Modified && e.Property(n => n.Path).IsModified
                        && e.Property(n => n.Path).OriginalValue != e.Property(n => n.Path).CurrentValue)
            .Select(e => (Node: e.Entity, OldPath: e.Property(n => n.Path).OriginalValue, OldDepth: e.Property(n => n.Depth).OriginalValue))
            .ToList();
        var pendingAudit = ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Subject is not null).Select(e => e.Entity).ToList();
        var bulk = _withNextSave;
        if (deleted.Count == 0 && moved.Count == 0 && pendingAudit.Count == 0 && bulk is null)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);

        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        foreach (var node in deleted) await AreaScoping.EnsureNothingHeldAsync(this, node, l, ct);
        foreach (var (node, oldPath, oldDepth) in moved) await AreaScoping.MoveAsync(this, node, oldPath, node.Depth - oldDepth, ct);
        foreach (var write in bulk ?? []) await write(this, ct);
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        if (pendingAudit.Count > 0)
        {
            foreach (var entry in pendingAudit)
            {
                entry.EntityId = Entry(entry.Subject!).Properties.First(p => p.Metadata.IsPrimaryKey()).CurrentValue?.ToString();
                entry.Subject = null;
            }
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        }
        if (own is not null) await own.CommitAsync(ct);
        // Kept until here: a save that failed and is tried again writes them again, as it does tracked changes.
        _withNextSave = null;
        return count;
    }
}

/// <summary>Data-protection keys live in the database so that every app node behind a load balancer shares them.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
