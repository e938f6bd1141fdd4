using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Policy targeting: the policies table and the enrolments of residents in them.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000015_Policies")]
public sealed class M0015_Policies : SqlMigration
{
    protected override string ScriptName => "0015_Policies";
}
