using Microsoft.AspNetCore.Authorization;

namespace Gongzhi.Infrastructure.Modules;

/// <summary>
/// One module's registration: everything the host needs to know about it, declared in one place
/// (<c>Modules/&lt;Module&gt;/&lt;Module&gt;Module.cs</c>). The host keeps a list of modules and never names what is
/// inside one, so adding a module is one line in <see cref="GongzhiHost"/> and no edit to another module.
/// </summary>
public abstract class GongzhiModule
{
    /// <summary>Stable name (the module's folder), used in logs and by the codebase tests.</summary>
    public abstract string Name { get; }

    /// <summary>Use cases, contracts implemented for other modules, options.</summary>
    public virtual void AddServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Authorization policies the module introduces (role names live in the Accounts contracts).</summary>
    public virtual void AddPolicies(AuthorizationBuilder policies) { }

    /// <summary>
    /// Middleware that must see every request once its caller is known (after authentication, before the data
    /// scope and authorization): e.g. an account that must change its password first.
    /// </summary>
    public virtual void UseAfterAuthentication(IApplicationBuilder app) { }

    /// <summary>The module's JSON API, one route group per area of concern.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder app) { }

    /// <summary>Form posts and fragments of the module's pages (server-rendered, not in the OpenAPI document).</summary>
    public virtual void MapForms(IEndpointRouteBuilder app) { }

    /// <summary>Entries of the main menu; each shows to whoever satisfies its policy.</summary>
    public virtual IEnumerable<NavigationEntry> Navigation => [];

    /// <summary>Small components in the header of every page (an inbox bell …); each shows to whoever satisfies its policy.</summary>
    public virtual IEnumerable<HeaderItem> HeaderItems => [];

    /// <summary>Blocks of the home page; each shows to whoever satisfies its policy.</summary>
    public virtual IEnumerable<HomeSection> HomeSections => [];

    /// <summary>
    /// Blocks this module adds to another module's page, at a named slot the hosting module publishes in its Contracts
    /// (e.g. <c>RegistrySlots.Building</c>); the host page renders them with the parameters the slot documents.
    /// </summary>
    public virtual IEnumerable<PageSection> PageSections => [];

    /// <summary>
    /// Scheduled jobs (<see cref="JobDeclaration.Cron"/>, <see cref="JobDeclaration.Every"/>); each tick runs once across
    /// app nodes. A job that depends on settings reads them from <paramref name="configuration"/>, not from a field set in
    /// <see cref="AddServices"/>: the module objects are shared by every host in the process.
    /// </summary>
    public virtual IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) => [];

    /// <summary>
    /// Tables holding personal data encrypted with <see cref="Security.PersonalDataProtector"/> (or its lookup hashes):
    /// <c>rotate-personal-data</c> rewrites each under the current keys. Every table the module encrypts into belongs here.
    /// </summary>
    public virtual IEnumerable<Security.PersonalDataTable> PersonalDataTables => [];

    /// <summary>
    /// Reference data every installation needs (system tags, roles …): runs at start and on <c>migrate</c>, with
    /// system reach, and must be idempotent.
    /// </summary>
    public virtual Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Demo data of this module, run with system reach after the modules listed before it (so that the area tree
    /// exists before households hang on it). Must do nothing when its data is already there.
    /// </summary>
    public virtual Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A menu entry. <paramref name="Group"/> puts it in a drop-down (e.g. "Administration").</summary>
public sealed record NavigationEntry(string Label, string Href, string Policy, int Order, string? Group = null);

/// <summary>A component without parameters in the page header, shown to whoever satisfies the policy.</summary>
public sealed record HeaderItem(Type Component, string Policy, int Order);

/// <summary>A block of the home page: a component without parameters, shown to whoever satisfies the policy.</summary>
public sealed record HomeSection(Type Component, string Policy, int Order);

/// <summary>
/// A component a module contributes to a slot of another module's page, shown to whoever satisfies the policy. The
/// component takes the slot's parameters (e.g. <c>BuildingId</c>), so the hosting page knows nothing of it.
/// </summary>
public sealed record PageSection(string Slot, Type Component, string Policy, int Order);

/// <summary>What the modules declared, collected once at start for the layout, the home page and the start-up tasks.</summary>
public sealed class ModuleCatalog(IReadOnlyList<GongzhiModule> modules, IConfiguration configuration)
{
    public IReadOnlyList<GongzhiModule> Modules { get; } = modules;

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
        [.. modules.SelectMany(m => m.Navigation).OrderBy(e => e.Order)];

    public IReadOnlyList<HeaderItem> HeaderItems { get; } =
        [.. modules.SelectMany(m => m.HeaderItems).OrderBy(h => h.Order)];

    public IReadOnlyList<HomeSection> HomeSections { get; } =
        [.. modules.SelectMany(m => m.HomeSections).OrderBy(s => s.Order)];

    public IReadOnlyList<PageSection> PageSections { get; } =
        [.. modules.SelectMany(m => m.PageSections).OrderBy(s => s.Order)];

    /// <summary>Every module's jobs with the module that declared them.</summary>
    public IReadOnlyList<(string Module, JobDeclaration Job)> Jobs { get; } =
        [.. modules.SelectMany(m => m.Jobs(configuration).Select(j => (m.Name, j)))];
}
