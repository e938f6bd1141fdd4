using Gongzhi.Modules.Open311.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Open311 module's tables: API clients and what Open311 posts carried beyond the request.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<Open311Submission> Open311Submissions => Set<Open311Submission>();
}
