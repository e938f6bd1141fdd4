using System.Data.Common;
using System.Security.Cryptography;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>
/// Checks that the configured personal-data keys read a database: a few ciphertexts of every encrypted column of the
/// model (by convention a string property named <c>…Cipher</c>) are decrypted, and where the entity keeps a keyed hash
/// beside it (<c>…Hash</c>) the hash is recomputed (a keyed lookup hash, or a plain SHA-256 digest of a token) — a wrong lookup key would otherwise silently make exact searches find
/// nothing. Plain SQL over the model's own table and column names, so it names no module's tables.
/// </summary>
public static class PersonalDataCheck
{
    public sealed record Result(int Checked, IReadOnlyList<string> Problems);

    public static async Task<Result> RunAsync(DbConnection connection, IModel model, PersonalDataProtector protector, CancellationToken ct)
    {
        var problems = new List<string>();
        var checkedValues = 0;
        var seen = new HashSet<(string, string)>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Cipher", StringComparison.Ordinal)))
            {
                var column = property.GetColumnName(store);
                if (column is null || !seen.Add((table, column))) continue;
                var hash = entity.FindProperty(property.Name[..^"Cipher".Length] + "Hash")?.GetColumnName(store);
                var sql = $"SELECT {Q(column)}{(hash is null ? "" : ", " + Q(hash))} FROM {Q(table)} WHERE {Q(column)} IS NOT NULL LIMIT 5";
                await using var command = DatabaseInventory.Command(connection, null, sql);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    checkedValues++;
                    string plain;
                    try
                    {
                        plain = protector.Decrypt(reader.GetString(0));
                    }
                    catch (Exception ex)
                    {
                        var why = ex is AuthenticationTagMismatchException || ex.InnerException is AuthenticationTagMismatchException ? "another key under the same key id" : ex.Message.TrimEnd('.');
                        problems.Add($"{table}.{column} cannot be decrypted ({why})");
                        break;
                    }
                    // Any lookup key the protector still answers under counts: a rotation may be under way. A plain
                    // SHA-256 digest (door-plate and door-card tokens: the secret itself is the credential) depends on
                    // no key, so it reads the same under any.
                    if (hash is not null && !reader.IsDBNull(1) && !protector.LookupHashes(plain).Contains(reader.GetString(1))
                        && reader.GetString(1) != TokenDigest.Sha256Hex(plain))
                    {
                        problems.Add($"{table}.{hash} was made with another lookup key (PersonalData:LookupKey): exact searches would find nothing");
                        break;
                    }
                }
            }
        }
        return new Result(checkedValues, problems);
    }

    private static string Q(string identifier) => DatabaseInventory.Quote(identifier);
}
