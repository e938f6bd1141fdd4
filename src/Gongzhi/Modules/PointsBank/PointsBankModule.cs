using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.PointsBank.Features.Adjustments;
using Gongzhi.Modules.PointsBank.Features.Passbook;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Microsoft.AspNetCore.Authorization;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.PointsBank.Features.Ledger;

namespace Gongzhi.Modules.PointsBank;

/// <summary>
/// The public-welfare points bank (公益银行): bank nodes on the area tree (总行 district, 分行 street, 储蓄所 community),
/// a double-entry ledger of volunteers' points (earned through <see cref="IPointsLedger"/>, adjusted by staff, spent in
/// the shop), the points shop (积分超市) and the passbook (爱心存折).
/// </summary>
public sealed class PointsBankModule : GongzhiModule
{
    public override string Name => "PointsBank";

    /// <summary>Who runs the bank for their subtree: shop stock, redemptions at the counter, adjustments, reports.</summary>
    public const string StaffPolicy = "pointsbank.staff";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PointsBankOptions>(configuration.GetSection("PointsBank"));
        services.AddScoped<LedgerPoster>();
        services.AddScoped<BankNodes>();
        services.AddScoped<PointsLedger>();
        services.AddScoped<IPointsLedger>(sp => sp.GetRequiredService<PointsLedger>());
        services.AddScoped<LedgerCheck>();
        services.AddScoped<PointsShop>();
        services.AddScoped<PointsAdjustments>();
        services.AddScoped<Passbooks>();
        services.AddScoped<PassbookPrint>();
        services.AddScoped<Features.Desk.PointsDesk>();
        services.AddScoped<Features.Desk.ShopPhotos>();
        services.AddScoped<Features.Counter.CounterRedemptions>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community));

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("My points", "/points/me", Accounts.Contracts.Roles.SignedInPolicy, 21),
        new("Points accounts", "/points/accounts", StaffPolicy, 22),
        new("Points shop", "/points/shop", Accounts.Contracts.Roles.SignedInPolicy, 23),
        new("Shop stock", "/points/shop/items", StaffPolicy, 24, "Points bank"),
        new("Redemptions", "/points/redemptions", StaffPolicy, 25, "Points bank"),
        new("Adjustments", "/points/adjustments", StaffPolicy, 26, "Points bank"),
        new("Bank report", "/points/reports", StaffPolicy, 27, "Points bank"),
        new("Rankings", "/points/rankings", StaffPolicy, 28, "Points bank"),
    ];

    /// <summary>Staff: what waits at the counter and for a second person's approval.</summary>
    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.CounterHomeSection), StaffPolicy, 30)];

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapPointsBankApi();
        app.MapPointsDeskApi();
    }

    public override void MapForms(IEndpointRouteBuilder app) => app.MapPointsBankForms();

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.Demo.PointsBankDemo.SeedAsync(services, ct);
}
