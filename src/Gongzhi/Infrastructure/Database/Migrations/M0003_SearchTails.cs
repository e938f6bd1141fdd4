using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Search by the tail of an ID number or phone (keyed hashes on residents); audit entries keep the area path they touched.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000003_SearchTails")]
public sealed class M0003_SearchTails : SqlMigration
{
    protected override string ScriptName => "0003_SearchTails";
}
