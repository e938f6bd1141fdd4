using Gongzhi.Infrastructure.Modules;
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

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PointsBankOptions>(configuration.GetSection("PointsBank"));
        services.AddScoped<LedgerPoster>();
        services.AddScoped<BankNodes>();
        services.AddScoped<PointsLedger>();
        services.AddScoped<IPointsLedger>(sp => sp.GetRequiredService<PointsLedger>());
        services.AddScoped<LedgerCheck>();
    }
}
