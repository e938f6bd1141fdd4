using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Features;
using Gongzhi.Modules.Registry.Features.Buildings;
using Gongzhi.Modules.Registry.Features.Households;
using Gongzhi.Modules.Registry.Features.Import;
using Gongzhi.Modules.Registry.Features.Places;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Search;
using Gongzhi.Modules.Registry.Features.Tags;

namespace Gongzhi.Modules.Registry;

/// <summary>The household registry (一键搜详情, 一眼观全楼, 一表采集): households, residents, tags, places.</summary>
public sealed class RegistryModule : GongzhiModule
{
    public override string Name => "Registry";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<HouseholdService>();
        services.AddScoped<Contracts.IHouseholdDirectory, HouseholdDirectory>();
        services.AddScoped<Contracts.IResidentDirectory, Features.Residents.ResidentDirectory>();
        services.AddScoped<Contracts.IResidentSelector, Features.Selection.ResidentSelector>();
        services.AddScoped<TagCatalog>();
        services.AddScoped<ResidentService>();
        services.AddScoped<ResidentSearch>();
        services.AddScoped<SavedSearches>();
        services.AddScoped<BuildingLayout>();
        services.AddScoped<RegistryImporter>();
        services.AddScoped<RegistryFiles>();
        services.AddScoped<PlaceService>();
        services.AddScoped<IAreaDataHolder, RegistryAreaData>();
        services.AddSingleton(new AreaPageSection(typeof(Pages.AreaHouseholdsSection), AreaLevels.CanHoldHouseholds, Order: 10));
        services.AddSingleton(new AreaPageSection(typeof(Pages.AreaPlacesSection), level => level is >= AreaLevel.Community and <= AreaLevel.Building, Order: 20));
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapRegistryApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapRegistryForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Resident search", "/residents", Roles.StaffPolicy, 20),
        new("One-form collection", "/registry/import", Roles.StaffPolicy, 30),
    ];

    public override IEnumerable<PersonalDataTable> PersonalDataTables =>
    [
        PersonalDataTable.For<Domain.Resident>("residents", r => r.Id, (r, p) =>
        {
            var idNumber = p.Decrypt(r.IdNumberCipher);
            var phone = r.PhoneCipher is null ? null : p.Decrypt(r.PhoneCipher);
            r.IdNumberCipher = p.Renew(r.IdNumberCipher, idNumber);
            r.IdNumberHash = p.LookupHash(idNumber);
            if (phone is not null) (r.PhoneCipher, r.PhoneHash) = (p.Renew(r.PhoneCipher!, phone), p.LookupHash(phone));
            SearchTails.Fill(r, p, idNumber, phone);
        }),
        PersonalDataTable.For<Domain.Merchant>("merchants", m => m.Id, (m, p) =>
        {
            if (m.OwnerPhoneCipher is null) return;
            var phone = p.Decrypt(m.OwnerPhoneCipher);
            (m.OwnerPhoneCipher, m.OwnerPhoneHash) = (p.Renew(m.OwnerPhoneCipher, phone), p.LookupHash(phone));
        }),
    ];

    public override Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct) =>
        TagCatalog.EnsureSystemTagsAsync(services.GetRequiredService<GongzhiDb>(), ct);
}
