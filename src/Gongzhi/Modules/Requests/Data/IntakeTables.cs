using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Requests module's public side: door-plate codes, phone confirmations and photos.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<HouseholdCode> HouseholdCodes => Set<HouseholdCode>();
    public DbSet<PhoneOtp> PhoneOtps => Set<PhoneOtp>();
    public DbSet<RequestPhoto> RequestPhotos => Set<RequestPhoto>();
}
