namespace Gongzhi.Modules.Policies.Domain;

/// <summary>The comparison of a condition; <c>!=</c> is also written <c>&lt;&gt;</c> or ≠.</summary>
public enum RuleOperator { Equal, NotEqual, Greater, GreaterOrEqual, Less, LessOrEqual }

/// <summary>The facts a rule may test; each has an English and a Chinese name (<see cref="RuleFields"/>).</summary>
public enum RuleField { Age, Residency, Sex, HouseholdSize, LivingAlone, MemberAge, DisabilityGrade, Tag, Area }

/// <summary>
/// A parsed eligibility rule. <see cref="Position"/> is the character offset of the node in the rule's text, so that
/// a problem found later (a tag or an area the registry does not know) can still point at it.
/// </summary>
public abstract record RuleNode(int Position);

public sealed record AndNode(RuleNode Left, RuleNode Right, int Position) : RuleNode(Position);

public sealed record OrNode(RuleNode Left, RuleNode Right, int Position) : RuleNode(Position);

public sealed record NotNode(RuleNode Inner, int Position) : RuleNode(Position);

/// <summary>A number compared: age, household size, a household member's age, disability grade.</summary>
public sealed record NumberCondition(RuleField Field, RuleOperator Operator, int Value, int Position) : RuleNode(Position);

/// <summary>A choice compared for equality: residency type or sex (the value is the canonical English name).</summary>
public sealed record ChoiceCondition(RuleField Field, bool Equal, string Value, int Position) : RuleNode(Position);

/// <summary>The resident holds a tag (system tags by code or name, custom tags by name); the registry resolves it.</summary>
public sealed record TagCondition(string Tag, int Position) : RuleNode(Position);

/// <summary>The resident lives under an area node (by code), its subtree included.</summary>
public sealed record AreaCondition(string Code, int Position) : RuleNode(Position);

/// <summary>The resident's household has exactly one current member (or not, when <see cref="Value"/> is false).</summary>
public sealed record LivingAloneCondition(bool Value, int Position) : RuleNode(Position);

/// <summary>What went wrong where: the offset into the rule's text, a kind, and the text found there.</summary>
public enum RuleErrorKind { Empty, UnexpectedToken, UnexpectedEnd, UnknownField, BadValue, BadOperator, UnclosedQuote, UnclosedParenthesis, TooLong, TooDeep }

public sealed class RuleException(int position, RuleErrorKind kind, string? found, string message) : Exception(message)
{
    public int Position { get; } = position;
    public RuleErrorKind Kind { get; } = kind;
    /// <summary>The text at the position (a token, a value), when there is one.</summary>
    public string? Found { get; } = found;
}

/// <summary>Field names in both languages, and the values of the choice fields.</summary>
public static class RuleFields
{
    public static readonly IReadOnlyDictionary<string, RuleField> Names = new Dictionary<string, RuleField>(StringComparer.OrdinalIgnoreCase)
    {
        ["age"] = RuleField.Age, ["年龄"] = RuleField.Age,
        ["residency"] = RuleField.Residency, ["户籍类型"] = RuleField.Residency, ["居住类型"] = RuleField.Residency, ["人户类型"] = RuleField.Residency,
        ["sex"] = RuleField.Sex, ["性别"] = RuleField.Sex,
        ["household_size"] = RuleField.HouseholdSize, ["户人数"] = RuleField.HouseholdSize, ["家庭人数"] = RuleField.HouseholdSize,
        ["living_alone"] = RuleField.LivingAlone, ["独居"] = RuleField.LivingAlone,
        ["member_age"] = RuleField.MemberAge, ["家庭成员年龄"] = RuleField.MemberAge, ["同户成员年龄"] = RuleField.MemberAge,
        ["disability_grade"] = RuleField.DisabilityGrade, ["残疾等级"] = RuleField.DisabilityGrade,
        ["tag"] = RuleField.Tag, ["标签"] = RuleField.Tag,
        ["area"] = RuleField.Area, ["区域"] = RuleField.Area,
    };

    /// <summary>Residency types: 户籍 registered, 常住 permanent (not registered here), 流动 floating.</summary>
    public static readonly IReadOnlyDictionary<string, string> Residencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["户籍"] = "Registered", ["registered"] = "Registered",
        ["常住"] = "Permanent", ["permanent"] = "Permanent",
        ["流动"] = "Floating", ["floating"] = "Floating",
    };

    public static readonly IReadOnlyDictionary<string, string> Sexes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["男"] = "Male", ["male"] = "Male", ["女"] = "Female", ["female"] = "Female",
    };

    public static readonly IReadOnlyDictionary<string, bool> Booleans = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["是"] = true, ["yes"] = true, ["false"] = false, ["否"] = false, ["no"] = false,
    };

    public static bool IsNumeric(RuleField field) => field is RuleField.Age or RuleField.HouseholdSize or RuleField.MemberAge or RuleField.DisabilityGrade;
}
