using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Resident details and history, tags, household tenure, merchants, facilities, saved searches, import runs.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261122000002_Registry")]
public sealed class M0002_Registry : SqlMigration
{
    protected override string ScriptName => "0002_Registry";
}
