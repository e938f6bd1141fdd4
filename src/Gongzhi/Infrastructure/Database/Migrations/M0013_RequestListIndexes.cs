using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>index IX_requests_CategoryId_AreaPath_SubmittedAt; index IX_requests_Status_AreaPath_SubmittedAt_ResolveDueAt_AcceptDueAt.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000013_RequestListIndexes")]
public sealed class M0013_RequestListIndexes : SqlMigration
{
    protected override string ScriptName => "0013_RequestListIndexes";
}
