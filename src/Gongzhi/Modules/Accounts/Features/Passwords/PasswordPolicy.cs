using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Accounts.Features.Passwords;

/// <summary>
/// The password and lockout rules from settings (<c>Accounts:Password:*</c>, <c>Accounts:Lockout:*</c>), applied to
/// Identity's options, and Identity's refusals in the caller's language.
/// </summary>
public sealed class PasswordPolicy(UserManager<GongzhiUser> users, IOptions<IdentityOptions> identity, IStringLocalizer<SharedResource> l)
{
    /// <summary>Reads the settings into Identity's options; defaults are the rules Gongzhi always had.</summary>
    public static void Configure(IdentityOptions o, IConfiguration config)
    {
        var password = config.GetSection("Accounts:Password");
        o.Password.RequiredLength = Math.Clamp(password.GetValue("RequiredLength", 8), 6, 128);
        o.Password.RequireDigit = password.GetValue("RequireDigit", true);
        o.Password.RequireNonAlphanumeric = password.GetValue("RequireNonAlphanumeric", true);
        o.Password.RequireUppercase = password.GetValue("RequireUppercase", true);
        o.Password.RequireLowercase = password.GetValue("RequireLowercase", true);
        o.Password.RequiredUniqueChars = 1;
        // The older Security:* names still count when the new ones are not set.
        var lockout = config.GetSection("Accounts:Lockout");
        o.Lockout.MaxFailedAccessAttempts = Math.Max(1, lockout.GetValue("MaxFailedAttempts", config.GetValue("Security:MaxFailedSignIns", 5)));
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(Math.Max(1, lockout.GetValue("Minutes", config.GetValue("Security:LockoutMinutes", 15))));
        o.Lockout.AllowedForNewUsers = true;
    }

    /// <summary>What the password lacks under the policy, in the caller's language (empty: it is fine).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(GongzhiUser user, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(Describe));
        }
        return problems.Distinct().ToList();
    }

    /// <summary>The rules in one sentence, for the forms that ask for a new password.</summary>
    public string Rules()
    {
        var p = identity.Value.Password;
        var parts = new List<string> { l["at least {0} characters", p.RequiredLength] };
        if (p.RequireUppercase) parts.Add(l["an upper-case letter"]);
        if (p.RequireLowercase) parts.Add(l["a lower-case letter"]);
        if (p.RequireDigit) parts.Add(l["a digit"]);
        if (p.RequireNonAlphanumeric) parts.Add(l["a symbol"]);
        return l["A password needs {0}.", string.Join(l[", "], parts)];
    }

    /// <summary>A random password that satisfies the policy (for a temporary password an admin hands over).</summary>
    public string Generate()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "#%+=@";
        var length = Math.Max(12, identity.Value.Password.RequiredLength);
        var chars = new List<char>
        {
            upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)],
            lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)],
            digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[System.Security.Cryptography.RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        var all = upper + lower + digits;
        while (chars.Count < length) chars.Add(all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)]);
        return new string([.. chars.OrderBy(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }

    public string Describe(IdentityError e) => e.Code switch
    {
        "DuplicateUserName" => l["The user name is already taken."],
        "PasswordTooShort" => l["The password needs at least {0} characters.", identity.Value.Password.RequiredLength],
        "PasswordRequiresNonAlphanumeric" => l["The password needs a symbol."],
        "PasswordRequiresDigit" => l["The password needs a digit."],
        "PasswordRequiresUpper" => l["The password needs an upper-case letter."],
        "PasswordRequiresLower" => l["The password needs a lower-case letter."],
        "PasswordRequiresUniqueChars" => l["The password needs more different characters."],
        _ => e.Description,
    };
}
