using Gongzhi.Modules.Assistant.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Assistant.Data;

internal sealed class KnowledgeEntryConfiguration : IEntityTypeConfiguration<KnowledgeEntry>
{
    public void Configure(EntityTypeBuilder<KnowledgeEntry> b)
    {
        b.ToTable("knowledge_entries");
        b.Property(e => e.Title).HasMaxLength(KnowledgeRules.MaxTitle);
        b.Property(e => e.Questions).HasMaxLength(KnowledgeRules.MaxQuestions);
        b.Property(e => e.Answer).HasMaxLength(KnowledgeRules.MaxAnswer);
        b.Property(e => e.SourceRef).HasMaxLength(KnowledgeRules.MaxSource);
        b.Property(e => e.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class AssistantQuestionConfiguration : IEntityTypeConfiguration<AssistantQuestion>
{
    public void Configure(EntityTypeBuilder<AssistantQuestion> b)
    {
        b.ToTable("assistant_questions");
        b.Property(q => q.Text).HasMaxLength(KnowledgeRules.MaxQuestion);
        b.Property(q => q.TopTitle).HasMaxLength(KnowledgeRules.MaxTitle);
        b.Property(q => q.StaffAnswer).HasMaxLength(KnowledgeRules.MaxAnswer);
        b.Property(q => q.AnsweredBy).HasMaxLength(256);
        // The staff's queue: open questions, oldest first.
        b.HasIndex(q => new { q.State, q.AskedAt });
        b.HasOne(q => q.Entry).WithMany().HasForeignKey(q => q.EntryId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>Field limits shared by the mappings and the validation.</summary>
public static class KnowledgeRules
{
    public const int MaxTitle = 100, MaxQuestions = 2000, MaxAnswer = 4000, MaxSource = 500, MaxQuestion = 500;
}
