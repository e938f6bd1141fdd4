using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table phone_otps; table household_codes; column requests.PreferredContactTime; table request_photos.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000010_RequestIntake")]
public sealed class M0010_RequestIntake : SqlMigration
{
    protected override string ScriptName => "0010_RequestIntake";
}
