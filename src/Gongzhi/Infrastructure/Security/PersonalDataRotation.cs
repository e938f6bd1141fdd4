using System.Data;
using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// A module's table that holds personal data, declared in its entry point (<see cref="GongzhiModule.PersonalDataTables"/>):
/// how to bring one row under the current keys. <paramref name="Rewrite"/> decrypts what the row holds and sets every
/// ciphertext (<see cref="PersonalDataProtector.Renew"/>: left alone when already under the current key and algorithm)
/// and every lookup hash anew; what it leaves equal is not written.
/// </summary>
public abstract class PersonalDataTable
{
    public abstract string Name { get; }

    internal abstract Task<long> CountAsync(GongzhiDb db, CancellationToken ct);

    /// <summary>Rewrites the rows after <paramref name="after"/> (by id), at most <paramref name="size"/>; null when none are left.</summary>
    internal abstract Task<RotationBatch?> RewriteBatchAsync(GongzhiDb db, PersonalDataProtector protector, long after, int size, CancellationToken ct);

    public static PersonalDataTable For<T>(string name, Expression<Func<T, long>> id, Action<T, PersonalDataProtector> rewrite) where T : class =>
        new Of<T>(name, id, rewrite);

    private sealed class Of<T>(string name, Expression<Func<T, long>> id, Action<T, PersonalDataProtector> rewrite) : PersonalDataTable where T : class
    {
        private readonly Func<T, long> _idOf = id.Compile();
        public override string Name => name;

        internal override Task<long> CountAsync(GongzhiDb db, CancellationToken ct) => db.Set<T>().IgnoreQueryFilters().LongCountAsync(ct);

        internal override async Task<RotationBatch?> RewriteBatchAsync(GongzhiDb db, PersonalDataProtector protector, long after, int size, CancellationToken ct)
        {
            var cursor = new Cursor { After = after };
            // id > cursor.After, with the cursor as a query parameter rather than a constant in the SQL
            var filter = Expression.Lambda<Func<T, bool>>(
                Expression.GreaterThan(id.Body, Expression.Property(Expression.Constant(cursor), nameof(Cursor.After))), id.Parameters);
            var rows = await db.Set<T>().IgnoreQueryFilters().Where(filter).OrderBy(id).Take(size).ToListAsync(ct);
            if (rows.Count == 0) return null;
            foreach (var row in rows)
            {
                try { rewrite(row, protector); }
                catch (PersonalDataKeyException ex) { throw new PersonalDataKeyException($"{name} #{_idOf(row)}: {ex.Message}", ex); }
            }
            db.ChangeTracker.DetectChanges();
            var changed = rows.Count(r => db.Entry(r).State == EntityState.Modified);
            await db.SaveChangesAsync(ct);
            return new RotationBatch(_idOf(rows[^1]), rows.Count, changed);
        }
    }

    private sealed class Cursor
    {
        public long After { get; init; }
    }
}

internal sealed record RotationBatch(long LastId, int Read, int Changed);

/// <summary>What a rotation did: rows read and rewritten per table.</summary>
public sealed record RotationReport(IReadOnlyList<(string Table, long Read, long Changed)> Tables, bool PreviousLookupKeysDropped);

/// <summary>
/// Brings every stored ciphertext under the current key and algorithm and every lookup hash under the current lookup
/// key (<c>rotate-personal-data</c>). Table by table, in batches ordered by id, each batch decrypted, rewritten and
/// committed in one serializable transaction (a row the app changes meanwhile makes the batch retry, so no user's
/// change is overwritten with an older value). Resumable by being idempotent: a value already under the current key is
/// left alone and an equal hash is not written, so a run after a kill skips quickly over what the killed one did.
/// The app keeps serving: it reads both key ids and looks hashes up under both lookup keys meanwhile.
/// </summary>
public sealed class PersonalDataRotation(GongzhiDb db, PersonalDataProtector protector, ModuleCatalog modules)
{
    public const int DefaultBatchSize = 1000;

    /// <param name="progress">One line per batch (the verb prints them).</param>
    /// <param name="afterBatch">Called after each committed batch (tests interrupt a rotation there).</param>
    public async Task<RotationReport> RunAsync(int batchSize, Action<string> progress, CancellationToken ct, Action<int>? afterBatch = null)
    {
        var tables = modules.Modules.SelectMany(m => m.PersonalDataTables).ToList();
        var report = new List<(string, long, long)>();
        var batches = 0;
        progress($"Bringing personal data under key {protector.CurrentKeyId} ({protector.Algorithm.Name()}, lookup hash {protector.LookupAlgorithm.Name()}).");
        foreach (var table in tables)
        {
            var total = await table.CountAsync(db, ct);
            long after = 0, read = 0, changed = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var batch = await WithRetriesAsync(() => InTransactionAsync(() => table.RewriteBatchAsync(db, protector, after, batchSize, ct), ct), ct);
                if (batch is null) break;
                (after, read, changed) = (batch.LastId, read + batch.Read, changed + batch.Changed);
                progress($"{table.Name}: {read}/{total} rows read, {changed} rewritten (up to id {after})");
                afterBatch?.Invoke(++batches);
            }
            report.Add((table.Name, read, changed));
        }
        var dropped = DropPreviousLookupKeys();
        if (dropped) progress("Every lookup hash is under the current lookup key: the previous lookup keys were removed from the key file.");
        progress("Done: every value is under the current key.");
        return new RotationReport(report, dropped);
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        try
        {
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception ex) when (attempt < 10 && IsConflict(ex))
            {
                // Someone changed a row of the batch meanwhile: take the batch again with what they wrote.
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }

    private static bool IsConflict(Exception ex) => ex switch
    {
        Npgsql.PostgresException pg => pg.SqlState is "40001" or "40P01",
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode is 5 or 6, // busy, locked
        DbUpdateException { InnerException: { } inner } => IsConflict(inner),
        InvalidOperationException { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };

    /// <summary>
    /// After a complete pass every hash is under the current lookup key, so the key file no longer needs the previous
    /// ones (app nodes re-read it). Only when the file still has the lookup key this pass hashed with.
    /// </summary>
    private bool DropPreviousLookupKeys()
    {
        if (!protector.HasPreviousLookupKeys || protector.KeyFilePath is not { } path || !File.Exists(path)) return false;
        var file = PersonalDataKeyFile.Read(path);
        if (file.PreviousLookupKeys is not { Count: > 0 } || !protector.UsesLookupKey(file.LookupKey)) return false;
        file.PreviousLookupKeys = null;
        file.Write(path);
        protector.Reload();
        return true;
    }
}
