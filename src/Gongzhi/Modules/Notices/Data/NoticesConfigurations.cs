using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Notices.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Notices.Data;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.ToTable("notices");
        b.Ignore(n => n.OutboxKey);
        b.Property(n => n.Title).HasMaxLength(100);
        b.Property(n => n.Body).HasMaxLength(4000);
        b.Property(n => n.AreaCodes).HasMaxLength(1000);
        b.Property(n => n.Tags).HasMaxLength(500);
        b.Property(n => n.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(n => n.CreatedBy).HasMaxLength(256);
        b.Property(n => n.ReviewedBy).HasMaxLength(256);
        b.Property(n => n.RejectionReason).HasMaxLength(500);
        b.Property(n => n.LinkOpens).HasDefaultValue(0);
        b.HasIndex(n => n.AreaPath);
        // The publishing job asks for scheduled notices that are due.
        b.HasIndex(n => new { n.State, n.PublishAt });
        b.HasOne<AreaNode>().WithMany().HasForeignKey(n => n.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoticeAttachmentConfiguration : IEntityTypeConfiguration<NoticeAttachment>
{
    public void Configure(EntityTypeBuilder<NoticeAttachment> b)
    {
        b.ToTable("notice_attachments");
        b.Property(a => a.Token).HasMaxLength(32);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.HasIndex(a => a.Token).IsUnique();
        b.HasIndex(a => a.NoticeId);
        b.HasOne<Notice>().WithMany(n => n.Attachments).HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}
