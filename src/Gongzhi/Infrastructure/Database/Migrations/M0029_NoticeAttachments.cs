using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database.Migrations;

/// <summary>table notice_attachments.</summary>
[DbContext(typeof(GongzhiDb))]
[Migration("20261129000029_NoticeAttachments")]
public sealed class M0029_NoticeAttachments : SqlMigration
{
    protected override string ScriptName => "0029_NoticeAttachments";
}
