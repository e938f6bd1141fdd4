using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Places;

public sealed record CertificateInput(string? HolderName, string? CertificateNumber, DateOnly? ExpiresOn);

public sealed record SaveMerchant(string? AreaCode, string? Name, string? LicenceNumber, MerchantCategory? Category, string? OwnerName,
    string? OwnerPhone, string? Address, string? Note, CertificateInput[]? Certificates);

public sealed record CertificateView(long Id, string HolderName, string? CertificateNumber, DateOnly ExpiresOn, bool Expired);

public sealed record MerchantView(long Id, string AreaCode, string Name, string? LicenceNumber, MerchantCategory Category, string OwnerName,
    string? OwnerPhone, string Address, string? Note, bool IsClosed, IReadOnlyList<CertificateView> Certificates);

public sealed record SaveFacility(string? AreaCode, FacilityKind? Kind, string? Name, string? Location, DateOnly? InstalledOn,
    DateOnly? LastInspectedOn, DateOnly? NextInspectionOn, DateOnly? ExpiresOn, string? Note);

public sealed record FacilityView(long Id, string AreaCode, FacilityKind Kind, string Name, string? Location, DateOnly? InstalledOn,
    DateOnly? LastInspectedOn, DateOnly? NextInspectionOn, DateOnly? ExpiresOn, string? Note, bool IsRetired, bool Overdue);

/// <summary>Places and things in the registry: merchants with their staff's health certificates, and facilities to inspect.</summary>
public sealed class PlaceService(
    GongzhiDb db, IAreaDirectory areas, PersonalDataProtector protector, AuditLog audit, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<PagedList<MerchantView>> MerchantsAsync(string areaCode, int page, int pageSize, CancellationToken ct)
    {
        var node = await NodeAsync(areaCode, ct);
        var query = db.Merchants.AsNoTracking().Under(m => m.AreaPath, node.Path);
        var total = await query.CountAsync(ct);
        var list = await query.OrderBy(m => m.ClosedAt != null).ThenBy(m => m.Name).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<MerchantView>(await MerchantViewsAsync(list, ct), total);
    }

    public async Task<MerchantView> MerchantAsync(long id, CancellationToken ct) =>
        (await MerchantViewsAsync([await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw MerchantNotFound(id)], ct))[0];

    public async Task<Merchant> SaveMerchantAsync(long? id, SaveMerchant input, CancellationToken ct)
    {
        EnsureEditor();
        var v = new Validation();
        var name = Text(v, input.Name, "name", 100, required: true);
        var owner = Text(v, input.OwnerName, "ownerName", 50, required: true);
        var address = Text(v, input.Address, "address", 200, required: true);
        var licence = Text(v, input.LicenceNumber, "licenceNumber", 40, required: false);
        var note = Text(v, input.Note, "note", 500, required: false);
        v.Require(input.Category is not null, "category", l["Choose a category."]);
        var phone = ResidentRules.Phone(v, l, input.OwnerPhone, "ownerPhone");
        var certificates = input.Certificates ?? [];
        for (var i = 0; i < certificates.Length; i++)
        {
            v.Require(!string.IsNullOrWhiteSpace(certificates[i].HolderName) && certificates[i].HolderName!.Trim().Length <= 50, $"certificates[{i}].holderName", l["Enter a name of at most {0} characters.", 50]);
            v.Require(certificates[i].ExpiresOn is not null, $"certificates[{i}].expiresOn", l["Enter the expiry date."]);
        }
        v.ThrowIfInvalid();
        var node = await NodeAsync(input.AreaCode ?? "", ct);
        var merchant = id is null ? null : await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw MerchantNotFound(id.Value);
        var now = clock.GetUtcNow();
        if (merchant is null)
        {
            merchant = new Merchant { AreaNodeId = node.Id, AreaPath = node.Path, Name = name!, OwnerName = owner!, Address = address!, CreatedAt = now };
            db.Merchants.Add(merchant);
        }
        merchant.AreaNodeId = node.Id;
        merchant.AreaPath = node.Path;
        merchant.Name = name!;
        merchant.OwnerName = owner!;
        merchant.Address = address!;
        merchant.LicenceNumber = licence;
        merchant.Category = input.Category!.Value;
        merchant.Note = note;
        merchant.OwnerPhoneCipher = phone is null ? null : protector.Encrypt(phone);
        merchant.OwnerPhoneHash = phone is null ? null : protector.LookupHash(phone);
        merchant.OwnerPhoneMasked = phone is null ? null : Masking.Phone(phone);
        merchant.UpdatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (input.Certificates is not null)
        {
            await db.HealthCertificates.Where(c => c.MerchantId == merchant.Id).ExecuteDeleteAsync(ct);
            db.HealthCertificates.AddRange(certificates.Select(c => new HealthCertificate
            {
                MerchantId = merchant.Id, HolderName = c.HolderName!.Trim(), CertificateNumber = string.IsNullOrWhiteSpace(c.CertificateNumber) ? null : c.CertificateNumber.Trim(), ExpiresOn = c.ExpiresOn!.Value,
            }));
        }
        audit.Record(id is null ? "merchant.create" : "merchant.update", "merchant", merchant.Id, $"{merchant.Name}, {certificates.Length} certificates", areaPath: merchant.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return merchant;
    }

    public async Task<PagedList<FacilityView>> FacilitiesAsync(string areaCode, int page, int pageSize, CancellationToken ct)
    {
        var node = await NodeAsync(areaCode, ct);
        var query = db.Facilities.AsNoTracking().Under(f => f.AreaPath, node.Path);
        var total = await query.CountAsync(ct);
        var list = await query.OrderBy(f => f.RetiredAt != null).ThenBy(f => f.NextInspectionOn).ThenBy(f => f.Name).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<FacilityView>(await FacilityViewsAsync(list, ct), total);
    }

    public async Task<FacilityView> FacilityAsync(long id, CancellationToken ct) =>
        (await FacilityViewsAsync([await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw FacilityNotFound(id)], ct))[0];

    public async Task<Facility> SaveFacilityAsync(long? id, SaveFacility input, CancellationToken ct)
    {
        EnsureEditor();
        var v = new Validation();
        var name = Text(v, input.Name, "name", 100, required: true);
        var location = Text(v, input.Location, "location", 200, required: false);
        var note = Text(v, input.Note, "note", 500, required: false);
        v.Require(input.Kind is not null, "kind", l["Choose a kind."]);
        v.Require(input.InstalledOn is null || input.InstalledOn <= Today, "installedOn", l["The date lies in the future."]);
        v.Require(input.LastInspectedOn is null || input.LastInspectedOn <= Today, "lastInspectedOn", l["The date lies in the future."]);
        v.Require(input.LastInspectedOn is null || input.InstalledOn is null || input.LastInspectedOn >= input.InstalledOn, "lastInspectedOn", l["An inspection cannot come before the installation."]);
        v.Require(input.NextInspectionOn is null || input.LastInspectedOn is null || input.NextInspectionOn > input.LastInspectedOn, "nextInspectionOn", l["The next inspection comes after the last one."]);
        v.Require(input.ExpiresOn is null || input.InstalledOn is null || input.ExpiresOn > input.InstalledOn, "expiresOn", l["A facility expires after its installation."]);
        v.ThrowIfInvalid();
        var node = await NodeAsync(input.AreaCode ?? "", ct);
        var facility = id is null ? null : await db.Facilities.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw FacilityNotFound(id.Value);
        var now = clock.GetUtcNow();
        if (facility is null)
        {
            facility = new Facility { AreaNodeId = node.Id, AreaPath = node.Path, Name = name!, CreatedAt = now };
            db.Facilities.Add(facility);
        }
        facility.AreaNodeId = node.Id;
        facility.AreaPath = node.Path;
        facility.Kind = input.Kind!.Value;
        facility.Name = name!;
        facility.Location = location;
        facility.InstalledOn = input.InstalledOn;
        facility.LastInspectedOn = input.LastInspectedOn;
        facility.NextInspectionOn = input.NextInspectionOn;
        facility.ExpiresOn = input.ExpiresOn;
        facility.Note = note;
        facility.UpdatedAt = now;
        audit.RecordNew(id is null ? "facility.create" : "facility.update", "facility", facility, $"{facility.Kind} {facility.Name}");
        await db.SaveChangesAsync(ct);
        return facility;
    }

    private async Task<IReadOnlyList<MerchantView>> MerchantViewsAsync(List<Merchant> merchants, CancellationToken ct)
    {
        var ids = merchants.Select(m => m.Id).ToList();
        var certificates = (await db.HealthCertificates.AsNoTracking().Where(c => ids.Contains(c.MerchantId)).OrderBy(c => c.ExpiresOn).ToListAsync(ct)).ToLookup(c => c.MerchantId);
        var codes = (await areas.NamesAsync(merchants.Select(m => m.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id, a => a.Code);
        return merchants.Select(m => new MerchantView(m.Id, codes.GetValueOrDefault(m.AreaNodeId, ""), m.Name, m.LicenceNumber, m.Category, m.OwnerName, m.OwnerPhoneMasked, m.Address, m.Note,
            m.ClosedAt is not null, certificates[m.Id].Select(c => new CertificateView(c.Id, c.HolderName, c.CertificateNumber, c.ExpiresOn, c.ExpiresOn < Today)).ToList())).ToList();
    }

    private async Task<IReadOnlyList<FacilityView>> FacilityViewsAsync(List<Facility> facilities, CancellationToken ct)
    {
        var codes = (await areas.NamesAsync(facilities.Select(f => f.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id, a => a.Code);
        return facilities.Select(f => new FacilityView(f.Id, codes.GetValueOrDefault(f.AreaNodeId, ""), f.Kind, f.Name, f.Location, f.InstalledOn, f.LastInspectedOn,
            f.NextInspectionOn, f.ExpiresOn, f.Note, f.RetiredAt is not null, f.NextInspectionOn < Today || f.ExpiresOn < Today)).ToList();
    }

    private string? Text(Validation v, string? value, string field, int max, bool required)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (required) v.Require(text is not null, field, l["This field is required."]);
        v.Require(text is null || text.Length <= max, field, l["At most {0} characters.", max]);
        v.Require(!ResidentRules.LooksExecutable(text), field, l["Formulas and scripts are not accepted as text."]);
        return text;
    }

    private async Task<AreaRef> NodeAsync(string code, CancellationToken ct) =>
        await areas.FindAsync(code.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", code]);

    private void EnsureEditor()
    {
        if (!user.CanManageHouseholds) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
    }

    private AppProblem MerchantNotFound(long id) => AppProblem.NotFound(l["No merchant {0} is within your reach.", id]);
    private AppProblem FacilityNotFound(long id) => AppProblem.NotFound(l["No facility {0} is within your reach.", id]);
}
