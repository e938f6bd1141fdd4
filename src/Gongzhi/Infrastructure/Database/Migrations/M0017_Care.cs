using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table care_entries; table care_alerts; table care_checkins; table care_visits.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000017_Care")]
public sealed class M0017_Care : SqlMigration
{
    protected override string ScriptName => "0017_Care";
}
