using System.Security.Cryptography;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Open311.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Open311.Features.Keys;

/// <summary>An admin's request for a key: who it is for and what it may do (default: Open311).</summary>
public sealed record IssueApiKey(string? Name, ApiClientKind? Kind = null);

/// <summary>The key, shown this once; only its hash is kept.</summary>
public sealed record IssuedApiKey(long Id, string Name, ApiClientKind Kind, string ApiKey);

public sealed record ApiClientView(long Id, string Name, ApiClientKind Kind, string KeyPrefix, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>The authenticated client of a call: its id and name (for the audit and the submission record).</summary>
public sealed record ApiCaller(long Id, string Name);

/// <summary>API keys of the systems that post to Gongzhi: issued and revoked by admins (audited), checked on every post.</summary>
public sealed class ApiKeys(GongzhiDb db, AuditLog audit, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<IssuedApiKey> IssueAsync(IssueApiKey input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var v = new Validation();
        v.Require(name.Length is > 0 and <= 100, "name", l["The name must have 1 to 100 characters."]);
        v.Require(input.Kind is null || Enum.IsDefined(input.Kind.Value), "kind", l["Choose what the key may do."]);
        v.ThrowIfInvalid();
        var kind = input.Kind ?? ApiClientKind.Open311;
        // 40 characters of 62: 238 bits, drawn from a CSPRNG; the prefix tells the kind at a glance.
        var key = (kind == ApiClientKind.Hotline ? "gzh_" : "gzo_") + RandomNumberGenerator.GetString(Alphabet, 40);
        var client = new ApiClient
        {
            Name = name, Kind = kind, KeyHash = Hash(key), KeyPrefix = key[..10], CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.UserName ?? "system",
        };
        db.ApiClients.Add(client);
        audit.RecordNew("api-key.issue", "api-client", client, $"{kind}: {name}");
        await db.SaveChangesAsync(ct);
        return new IssuedApiKey(client.Id, name, kind, key);
    }

    public async Task<IReadOnlyList<ApiClientView>> ListAsync(CancellationToken ct) =>
        await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenByDescending(c => c.Id)
            .Select(c => new ApiClientView(c.Id, c.Name, c.Kind, c.KeyPrefix, c.CreatedAt, c.CreatedBy, c.LastUsedAt, c.RevokedAt, c.RevokedBy))
            .ToListAsync(ct);

    public async Task<ApiClientView> RevokeAsync(long id, CancellationToken ct)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw AppProblem.NotFound(l["No API client {0}.", id]);
        if (client.RevokedAt is not null) throw AppProblem.Conflict(l["The key of {0} is already revoked.", client.Name]);
        client.RevokedAt = clock.GetUtcNow();
        client.RevokedBy = user.UserName ?? "system";
        audit.Record("api-key.revoke", "api-client", client.Id, $"{client.Kind}: {client.Name}");
        await db.SaveChangesAsync(ct);
        return (await ListAsync(ct)).Single(c => c.Id == id);
    }

    /// <summary>The active client holding the key, of the kind asked for; null for a missing, unknown, revoked or other-kind key.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string? key, ApiClientKind kind, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100) return null;
        var hash = Hash(key.Trim());
        var client = await db.ApiClients.AsNoTracking().Where(c => c.KeyHash == hash && c.Kind == kind && c.RevokedAt == null)
            .Select(c => new ApiCaller(c.Id, c.Name)).FirstOrDefaultAsync(ct);
        if (client is not null)
        {
            var now = clock.GetUtcNow();
            await db.ApiClients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), ct);
        }
        return client;
    }

    public static string Hash(string key) => TokenDigest.Sha256Hex(key);
}
