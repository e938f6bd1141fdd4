using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>columns notices.ReviewedBy, ReviewedAt, RejectionReason (approval) and LinkOpens (public page opens).</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000027_NoticeApproval")]
public sealed class M0027_NoticeApproval : SqlMigration
{
    protected override string ScriptName => "0027_NoticeApproval";
}
