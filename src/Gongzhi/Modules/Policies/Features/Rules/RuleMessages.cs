using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies.Features.Rules;

/// <summary>A rule's error in the reader's language, with its position (characters from the start, counting from 0).</summary>
public static class RuleMessages
{
    public static string Describe(IStringLocalizer<SharedResource> l, RuleException e) => e.Kind switch
    {
        RuleErrorKind.Empty => l["Write a rule, e.g. age >= 80 and residency = 户籍."],
        RuleErrorKind.UnexpectedEnd => l["The rule ends at position {0} where more is expected.", e.Position],
        RuleErrorKind.UnknownField => l["Unknown field “{0}” at position {1}. Fields: age/年龄, residency/户籍类型, sex/性别, household_size/户人数, living_alone/独居, member_age/家庭成员年龄, disability_grade/残疾等级, tag/标签, area/区域.", e.Found ?? "", e.Position],
        RuleErrorKind.BadValue => l["“{0}” at position {1} is not a valid value here.", e.Found ?? "", e.Position],
        RuleErrorKind.BadOperator => l["The comparison “{0}” at position {1} does not apply to this field: use = or !=.", e.Found ?? "", e.Position],
        RuleErrorKind.UnclosedQuote => l["The quote at position {0} is not closed.", e.Position],
        RuleErrorKind.UnclosedParenthesis => l["The parenthesis at position {0} is not closed.", e.Position],
        RuleErrorKind.TooLong => l["A rule has at most {0} characters.", RuleParser.MaxLength],
        RuleErrorKind.TooDeep => l["The rule nests too deeply at position {0}.", e.Position],
        _ => l["Unexpected “{0}” at position {1}.", e.Found ?? "", e.Position],
    };

    public static string Describe(IStringLocalizer<SharedResource> l, InvalidCriterionException e) => l["{0} (position {1})", e.Message, e.Position];
}
