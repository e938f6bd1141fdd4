using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table api_clients; table open311_submissions; column requests.HotlineCaseNumber; index IX_requests_HotlineCaseNumber.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000011_Open311")]
public sealed class M0011_Open311 : SqlMigration
{
    protected override string ScriptName => "0011_Open311";
}
