using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Requests.Data;

internal sealed class RequestCategoryConfiguration : IEntityTypeConfiguration<RequestCategory>
{
    public void Configure(EntityTypeBuilder<RequestCategory> b)
    {
        b.ToTable("request_categories");
        b.Property(c => c.Code).HasMaxLength(40);
        b.Property(c => c.Name).HasMaxLength(50);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasOne<RequestCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> b)
    {
        b.ToTable("requests");
        b.Property(r => r.TrackingCode).HasMaxLength(16);
        b.HasIndex(r => r.TrackingCode).IsUnique();
        b.Property(r => r.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(r => r.Address).HasMaxLength(200);
        b.Property(r => r.SubmitterName).HasMaxLength(50);
        b.Property(r => r.SubmitterPhoneCipher).HasMaxLength(200);
        b.Property(r => r.SubmitterPhoneHash).HasMaxLength(64);
        b.Property(r => r.SubmitterPhoneMasked).HasMaxLength(20);
        b.Property(r => r.Description).HasMaxLength(2000);
        b.Property(r => r.PreferredContactTime).HasMaxLength(100);
        b.Property(r => r.CreatedByUserId).HasMaxLength(64);
        b.Property(r => r.FirstResponsibleUserId).HasMaxLength(64);
        b.Property(r => r.FirstResponsibleName).HasMaxLength(256);
        b.Property(r => r.HandlerUserId).HasMaxLength(64);
        b.Property(r => r.HandlerName).HasMaxLength(256);
        b.Property(r => r.ResolutionNote).HasMaxLength(2000);
        b.Property(r => r.Revision).IsConcurrencyToken();
        b.Ignore(r => r.IsOpen);
        // An area's requests by submission, with every column the statistics count: a year of a street's requests is
        // summed from the index alone instead of from tens of thousands of scattered rows. Also the area lists' order.
        b.HasIndex(r => new { r.AreaPath, r.SubmittedAt, r.CategoryId, r.Channel, r.Status, r.AcceptedAt, r.AcceptDueAt, r.ResolvedAt, r.ResolveDueAt,
            r.SatisfactionScore, r.Satisfied, r.ReopenCount, r.HandlerDepartmentId }).HasDatabaseName("IX_requests_area_statistics");
        b.HasIndex(r => new { r.Status, r.ResolveDueAt });
        b.HasIndex(r => new { r.Status, r.AcceptDueAt });
        // The lists' filters under an area, each with the order (and the deadlines the overdue list compares), so a
        // page and its count over a street's tens of thousands of requests are read from the index alone.
        b.HasIndex(r => new { r.CategoryId, r.AreaPath, r.SubmittedAt });
        // Newest first across every area (admins, the district, Open311's date windows) without sorting the table.
        b.HasIndex(r => r.SubmittedAt);
        b.HasIndex(r => new { r.Status, r.AreaPath, r.SubmittedAt, r.ResolveDueAt, r.AcceptDueAt });
        // A worker's part in requests with the state and the area, so "mine" and reach outside the area come from the index.
        b.HasIndex(r => new { r.HandlerUserId, r.Status, r.AreaPath });
        b.HasIndex(r => r.HandlerDepartmentId);
        b.HasIndex(r => new { r.FirstResponsibleUserId, r.Status, r.AreaPath });
        b.HasIndex(r => new { r.SubmitterPhoneHash, r.SubmittedAt });
        b.Property(r => r.HotlineCaseNumber).HasMaxLength(64);
        b.HasIndex(r => r.HotlineCaseNumber).IsUnique();
        b.HasOne<RequestCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(r => r.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Domain.Household>().WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.Department>().WithMany().HasForeignKey(r => r.HandlerDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> b)
    {
        b.ToTable("request_events");
        b.Property(e => e.ActorUserId).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(256);
        b.Property(e => e.Target).HasMaxLength(256);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.HasIndex(e => new { e.RequestId, e.At });
    }
}

internal sealed class RequestWhistleConfiguration : IEntityTypeConfiguration<RequestWhistle>
{
    public void Configure(EntityTypeBuilder<RequestWhistle> b)
    {
        b.ToTable("request_whistles");
        b.Property(w => w.DepartmentName).HasMaxLength(100);
        b.Property(w => w.Reason).HasMaxLength(2000);
        b.Property(w => w.WhistledByUserId).HasMaxLength(64);
        b.Property(w => w.WhistledByName).HasMaxLength(256);
        b.Property(w => w.ReportedByName).HasMaxLength(256);
        b.Property(w => w.ActedByName).HasMaxLength(256);
        b.Property(w => w.ActionNote).HasMaxLength(2000);
        b.HasIndex(w => new { w.RequestId, w.DepartmentId }).IsUnique();
        b.HasIndex(w => new { w.DepartmentId, w.ReportedAt });
        b.HasOne<Request>().WithMany(r => r.Whistles).HasForeignKey(w => w.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Areas.Domain.Department>().WithMany().HasForeignKey(w => w.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
