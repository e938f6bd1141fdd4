using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table service_matters; table service_material_samples; table window_applications.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000016_ServiceGuide")]
public sealed class M0016_ServiceGuide : SqlMigration
{
    protected override string ScriptName => "0016_ServiceGuide";
}
