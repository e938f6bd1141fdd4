using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>The points bank: bank nodes, accounts, append-only transactions and movements, shop items, redemptions, adjustments.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000021_PointsBank")]
public sealed class M0021_PointsBank : SqlMigration
{
    protected override string ScriptName => "0021_PointsBank";
}
