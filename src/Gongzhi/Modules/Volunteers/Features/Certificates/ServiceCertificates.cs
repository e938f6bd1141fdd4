using System.Security.Cryptography;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.Certificates;

public sealed record CertificateView(long Id, string Code, long VolunteerId, string VolunteerName, string? School, decimal Hours, int Activities,
    string IssuedBy, DateTimeOffset IssuedAt);

/// <summary>What the public verification page tells anyone holding a code: the name and the hours, nothing more.</summary>
public sealed record CertificateCheck(string Code, string Name, decimal Hours, int Activities, DateOnly IssuedOn);

/// <summary>
/// Certificates of service hours (社会实践证明): staff issue one for a volunteer in reach with the confirmed hours at
/// that moment and a random verification code (12 characters without look-alikes); the volunteer can read their
/// own; anyone checks a code on the public page.
/// </summary>
public sealed class ServiceCertificates(GongzhiDb db, VolunteerPool pool, CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<CertificateView> IssueAsync(long volunteerId, CancellationToken ct)
    {
        var volunteer = await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == volunteerId, ct)
                        ?? throw AppProblem.NotFound(l["No volunteer {0} is within your reach.", volunteerId]);
        if (volunteer.MinutesServed <= 0) throw AppProblem.Conflict(l["{0} has no confirmed hours yet.", volunteer.Name]);
        var certificate = new ServiceCertificate
        {
            Code = NewCode(), VolunteerId = volunteer.Id, VolunteerName = volunteer.Name, School = volunteer.School, Minutes = volunteer.MinutesServed,
            Activities = volunteer.ActivitiesServed, AreaPath = volunteer.AreaPath, IssuedBy = user.DisplayName ?? user.UserName ?? "", IssuedAt = clock.GetUtcNow(),
        };
        db.ServiceCertificates.Add(certificate);
        audit.RecordNew("certificate.issue", "service-certificate", certificate, certificate.Code, areaPath: certificate.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(certificate);
    }

    /// <summary>A certificate in reach, or the caller's own.</summary>
    public async Task<CertificateView> GetAsync(long id, CancellationToken ct)
    {
        var certificate = await db.ServiceCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null && await pool.OwnAsync(ct) is { } own)
            certificate = await db.ServiceCertificates.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.VolunteerId == own.Id, ct);
        return View(certificate ?? throw AppProblem.NotFound(l["No certificate {0} is within your reach.", id]));
    }

    public async Task<IReadOnlyList<CertificateView>> OfVolunteerAsync(long volunteerId, CancellationToken ct) =>
        [.. (await db.ServiceCertificates.AsNoTracking().Where(c => c.VolunteerId == volunteerId).OrderByDescending(c => c.Id).ToListAsync(ct)).Select(View)];

    /// <summary>Anyone: what a verification code stands for, or null.</summary>
    public async Task<CertificateCheck?> CheckAsync(string? code, CancellationToken ct)
    {
        var normalized = (code ?? "").Trim().ToUpperInvariant();
        if (normalized.Length != 12) return null;
        var c = await db.ServiceCertificates.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.Code == normalized, ct);
        return c is null ? null : new CertificateCheck(c.Code, c.VolunteerName, VolunteerPool.Hours(c.Minutes), c.Activities, BeijingTime.Date(c.IssuedAt));
    }

    private static string NewCode() => new(Enumerable.Range(0, 12).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());

    private static CertificateView View(ServiceCertificate c) =>
        new(c.Id, c.Code, c.VolunteerId, c.VolunteerName, c.School, VolunteerPool.Hours(c.Minutes), c.Activities, c.IssuedBy, c.IssuedAt);
}
