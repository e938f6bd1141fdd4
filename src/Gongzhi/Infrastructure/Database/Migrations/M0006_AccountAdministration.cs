using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>column AspNetUsers.LastSignInAt; column AspNetUsers.MustChangePassword; column AspNetUsers.LockReason; table sign_in_attempts; table password_reset_links.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000006_AccountAdministration")]
public sealed class M0006_AccountAdministration : SqlMigration
{
    protected override string ScriptName => "0006_AccountAdministration";
}
