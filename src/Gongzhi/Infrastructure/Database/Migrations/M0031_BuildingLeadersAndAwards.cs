using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table award_titles; table leader_duties; table award_nominations; table building_leaders; table leader_duty_records.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000031_BuildingLeadersAndAwards")]
public sealed class M0031_BuildingLeadersAndAwards : SqlMigration
{
    protected override string ScriptName => "0031_BuildingLeadersAndAwards";
}
