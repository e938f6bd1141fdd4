using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table secretary_sessions; column requests.SessionId; column requests.SupervisedAt; column requests.SupervisedByName; column requests.SupervisionNote; table request_links; index IX_requests_CategoryId_AreaNodeId_Status; index IX_requests_HouseholdId_CategoryId; index IX_requests_SessionId; index IX_requests_SupervisedAt_Status.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000012_RequestOversight")]
public sealed class M0012_RequestOversight : SqlMigration
{
    protected override string ScriptName => "0012_RequestOversight";
}
