using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>A phone's and a household's requests by submission time: the public form's daily limits count from indexes.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000014_RequestPhoneIndex")]
public sealed class M0014_RequestPhoneIndex : SqlMigration
{
    protected override string ScriptName => "0014_RequestPhoneIndex";
}
