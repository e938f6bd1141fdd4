namespace Gongzhi.Tests.Infrastructure;

/// <summary>Codes of the demo tree the tests rely on (real codes down to community, then the seeder's).</summary>
public static class DemoCodes
{
    public const string District = "370811";
    public const string Street = "370811012";          // 济阳街道
    public const string OtherStreet = "370811002";     // 许庄街道
    public const string Community = "370811012007";    // 南门社区 (account "community")
    public const string OtherCommunity = "370811012001";
    public const string Grid1 = Community + "-W01";    // account "grid1"
    public const string Grid2 = Community + "-W02";    // account "grid2"
    public const string Yuyuan = Grid1 + "-X01";       // 玉苑小区
    public const string Building12 = Yuyuan + "-B12";  // 12号楼
    public const string Grid2Compound = Grid2 + "-X01";
}
