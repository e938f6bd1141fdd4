using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table job_leases; table job_runs; table notification_preferences; table notification_templates; table notifications; table wecom_robots; table notification_deliveries; table notification_attempts.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000005_Notifications")]
public sealed class M0005_Notifications : SqlMigration
{
    protected override string ScriptName => "0005_Notifications";
}
