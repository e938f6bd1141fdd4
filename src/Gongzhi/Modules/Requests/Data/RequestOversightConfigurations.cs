using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Requests.Data;

/// <summary>What supervision, sessions, duplicates and statistics add to the requests table (a second configuration of it, applied after the first).</summary>
internal sealed class RequestOversightConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> b)
    {
        b.Property(r => r.SupervisedByName).HasMaxLength(256);
        b.Property(r => r.SupervisionNote).HasMaxLength(2000);
        b.HasOne<SecretarySession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.SessionId);
        // The supervision list and its count: only flagged requests sit in it.
        b.HasIndex(r => new { r.SupervisedAt, r.Status });
        // Possible duplicates: open requests of a category at a node or household.
        b.HasIndex(r => new { r.CategoryId, r.AreaNodeId, r.Status });
        // A household's requests by time: the door-plate daily limit, and the duplicate check's few rows.
        b.HasIndex(r => new { r.HouseholdId, r.SubmittedAt });
    }
}

internal sealed class SecretarySessionConfiguration : IEntityTypeConfiguration<SecretarySession>
{
    public void Configure(EntityTypeBuilder<SecretarySession> b)
    {
        b.ToTable("secretary_sessions");
        b.Property(s => s.Place).HasMaxLength(200);
        b.Property(s => s.SecretaryUserId).HasMaxLength(64);
        b.Property(s => s.SecretaryName).HasMaxLength(256);
        b.Property(s => s.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(s => s.Notes).HasMaxLength(2000);
        b.Property(s => s.CreatedByUserId).HasMaxLength(64);
        b.HasIndex(s => new { s.AreaPath, s.HeldOn });
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(s => s.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestLinkConfiguration : IEntityTypeConfiguration<RequestLink>
{
    public void Configure(EntityTypeBuilder<RequestLink> b)
    {
        b.ToTable("request_links");
        b.Property(l => l.Reason).HasMaxLength(2000);
        b.Property(l => l.LinkedByUserId).HasMaxLength(64);
        b.Property(l => l.LinkedByName).HasMaxLength(256);
        b.HasIndex(l => new { l.RequestId, l.OtherRequestId }).IsUnique();
        b.HasIndex(l => l.OtherRequestId);
        b.HasOne<Request>().WithMany().HasForeignKey(l => l.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Request>().WithMany().HasForeignKey(l => l.OtherRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
