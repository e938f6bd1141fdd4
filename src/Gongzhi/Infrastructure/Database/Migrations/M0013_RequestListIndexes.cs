using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>Indexes that answer the request lists under an area, and a worker's own requests, without reading rows.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000013_RequestListIndexes")]
public sealed class M0013_RequestListIndexes : SqlMigration
{
    protected override string ScriptName => "0013_RequestListIndexes";
}
