using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table points_year_totals.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000032_PointsYearTotals")]
public sealed class M0032_PointsYearTotals : SqlMigration
{
    protected override string ScriptName => "0032_PointsYearTotals";
}
