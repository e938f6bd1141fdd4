using Gongzhi.Modules.Accounts.Domain;
using Microsoft.EntityFrameworkCore;

// A part of GongzhiDb so that every unit of work reaches the tables as db.X (and inside queries, which extension
// members cannot be); which module owns a table is where it is declared, and a codebase test keeps other modules
// from querying it.
namespace Gongzhi.Infrastructure.Database;

/// <summary>The Accounts module's tables.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<UserAreaAssignment> UserAreaAssignments => Set<UserAreaAssignment>();
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();
    public DbSet<PasswordResetLink> PasswordResetLinks => Set<PasswordResetLink>();
}
