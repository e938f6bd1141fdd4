using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Requests module's tables: categories, requests, their timeline and the departments whistled to.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<RequestCategory> RequestCategories => Set<RequestCategory>();
    public DbSet<Request> Requests => Set<Request>();
    public DbSet<RequestEvent> RequestEvents => Set<RequestEvent>();
    public DbSet<RequestWhistle> RequestWhistles => Set<RequestWhistle>();
}
