using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table notices.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000018_Notices")]
public sealed class M0018_Notices : SqlMigration
{
    protected override string ScriptName => "0018_Notices";
}
