using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Zero defaults for households.MemberCount and residents.SystemTagBits on both providers.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000004_ColumnDefaults")]
public sealed class M0004_ColumnDefaults : SqlMigration
{
    protected override string ScriptName => "0004_ColumnDefaults";
}
