using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>index IX_residents_age.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000007_ResidentAgeIndex")]
public sealed class M0007_ResidentAgeIndex : SqlMigration
{
    protected override string ScriptName => "0007_ResidentAgeIndex";
}
