using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table request_categories; table requests; table request_events; table request_whistles.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000009_Requests")]
public sealed class M0009_Requests : SqlMigration
{
    protected override string ScriptName => "0009_Requests";
}
