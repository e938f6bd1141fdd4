using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table due_items; table due_reminders.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000020_Reminders")]
public sealed class M0020_Reminders : SqlMigration
{
    protected override string ScriptName => "0020_Reminders";
}
