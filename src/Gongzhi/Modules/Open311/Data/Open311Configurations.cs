using Gongzhi.Modules.Open311.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Open311.Data;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.ToTable("api_clients");
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.KeyHash).HasMaxLength(64);
        b.Property(c => c.KeyPrefix).HasMaxLength(16);
        b.Property(c => c.CreatedBy).HasMaxLength(256);
        b.Property(c => c.RevokedBy).HasMaxLength(256);
        b.HasIndex(c => c.KeyHash).IsUnique();
    }
}

internal sealed class Open311SubmissionConfiguration : IEntityTypeConfiguration<Open311Submission>
{
    public void Configure(EntityTypeBuilder<Open311Submission> b)
    {
        b.ToTable("open311_submissions");
        b.Property(s => s.ServiceRequestId).HasMaxLength(16);
        b.Property(s => s.Token).HasMaxLength(32);
        b.Property(s => s.JurisdictionId).HasMaxLength(100);
        b.Property(s => s.AccountId).HasMaxLength(100);
        b.Property(s => s.DeviceId).HasMaxLength(100);
        b.Property(s => s.MediaUrl).HasMaxLength(500);
        b.Property(s => s.EmailCipher).HasMaxLength(400);
        b.Property(s => s.Attributes).HasMaxLength(2000);
        b.HasIndex(s => s.ServiceRequestId).IsUnique();
        b.HasIndex(s => s.Token).IsUnique();
        b.HasOne<ApiClient>().WithMany().HasForeignKey(s => s.ApiClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
