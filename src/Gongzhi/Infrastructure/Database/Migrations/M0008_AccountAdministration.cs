using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>column AspNetUsers.LastSignInAt; column AspNetUsers.MustChangePassword; column AspNetUsers.LockReason; table sign_in_attempts; table password_reset_links.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000008_AccountAdministration")]
public sealed class M0008_AccountAdministration : SqlMigration
{
    protected override string ScriptName => "0008_AccountAdministration";
}
