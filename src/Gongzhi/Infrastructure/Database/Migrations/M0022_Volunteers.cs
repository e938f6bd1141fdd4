using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table volunteer_skills; table volunteer_teams; table volunteer_activities; table volunteers; table activity_signups; table service_certificates; table service_orders.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000022_Volunteers")]
public sealed class M0022_Volunteers : SqlMigration
{
    protected override string ScriptName => "0022_Volunteers";
}
