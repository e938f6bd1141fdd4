using Gongzhi.Modules.Notices.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Notices module's tables.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticeAttachment> NoticeAttachments => Set<NoticeAttachment>();
}
