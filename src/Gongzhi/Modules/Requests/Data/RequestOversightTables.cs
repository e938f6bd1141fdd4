using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Requests module's oversight tables: 书记有约 sessions and duplicate links.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<SecretarySession> SecretarySessions => Set<SecretarySession>();
    public DbSet<RequestLink> RequestLinks => Set<RequestLink>();
}
