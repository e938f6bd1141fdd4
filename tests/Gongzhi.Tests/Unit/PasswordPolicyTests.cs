using Gongzhi.Modules.Accounts.Features.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class PasswordPolicyTests
{
    private static IdentityOptions Configure(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = new IdentityOptions();
        PasswordPolicy.Configure(options, config);
        return options;
    }

    [Fact]
    public void Without_settings_the_rules_Gongzhi_always_had_apply()
    {
        var o = Configure();
        Assert.Equal(8, o.Password.RequiredLength);
        Assert.True(o.Password.RequireDigit && o.Password.RequireLowercase && o.Password.RequireUppercase && o.Password.RequireNonAlphanumeric);
        Assert.Equal(5, o.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), o.Lockout.DefaultLockoutTimeSpan);
    }

    [Fact]
    public void Settings_change_every_rule_and_the_older_lockout_names_still_count()
    {
        var o = Configure(("Accounts:Password:RequiredLength", "12"), ("Accounts:Password:RequireDigit", "false"),
            ("Accounts:Password:RequireNonAlphanumeric", "false"), ("Accounts:Password:RequireUppercase", "false"),
            ("Accounts:Password:RequireLowercase", "false"), ("Accounts:Lockout:MaxFailedAttempts", "3"), ("Accounts:Lockout:Minutes", "30"));
        Assert.Equal(12, o.Password.RequiredLength);
        Assert.False(o.Password.RequireDigit || o.Password.RequireLowercase || o.Password.RequireUppercase || o.Password.RequireNonAlphanumeric);
        Assert.Equal(3, o.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(30), o.Lockout.DefaultLockoutTimeSpan);

        var legacy = Configure(("Security:MaxFailedSignIns", "7"), ("Security:LockoutMinutes", "5"));
        Assert.Equal(7, legacy.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(5), legacy.Lockout.DefaultLockoutTimeSpan);
    }

    [Fact]
    public void Nonsense_values_are_held_to_safe_bounds()
    {
        var o = Configure(("Accounts:Password:RequiredLength", "2"), ("Accounts:Lockout:MaxFailedAttempts", "0"), ("Accounts:Lockout:Minutes", "-4"));
        Assert.Equal(6, o.Password.RequiredLength);
        Assert.Equal(1, o.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(1), o.Lockout.DefaultLockoutTimeSpan);
    }
}
