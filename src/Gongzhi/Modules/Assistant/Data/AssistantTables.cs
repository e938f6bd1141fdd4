using Gongzhi.Modules.Assistant.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Assistant module's tables.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<KnowledgeEntry> KnowledgeEntries => Set<KnowledgeEntry>();
    public DbSet<AssistantQuestion> AssistantQuestions => Set<AssistantQuestion>();
}
