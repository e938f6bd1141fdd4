using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Areas, accounts, departments, party organisations, households, residents, audit, data-protection keys.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261122000001_Initial")]
public sealed class M0001_Initial : SqlMigration
{
    protected override string ScriptName => "0001_Initial";
}
