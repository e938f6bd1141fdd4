using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table knowledge_entries; table assistant_questions.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000019_Assistant")]
public sealed class M0019_Assistant : SqlMigration
{
    protected override string ScriptName => "0019_Assistant";
}
