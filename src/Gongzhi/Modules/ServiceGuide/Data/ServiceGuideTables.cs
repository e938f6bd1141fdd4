using Gongzhi.Modules.ServiceGuide.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The ServiceGuide module's tables: the catalogue of matters, material samples and window applications.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<ServiceMatter> ServiceMatters => Set<ServiceMatter>();
    public DbSet<MaterialSample> MaterialSamples => Set<MaterialSample>();
    public DbSet<WindowApplication> WindowApplications => Set<WindowApplication>();
}
