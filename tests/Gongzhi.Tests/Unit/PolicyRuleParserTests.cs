using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The policy rule language: what parses to what, in both languages, and where errors point.</summary>
public sealed class PolicyRuleParserTests
{
    [Fact]
    public void The_issue_example_parses_to_an_and_of_three_conditions()
    {
        var node = RuleParser.Parse("age >= 80 and residency = 户籍 and not tag 已故");
        var and = Assert.IsType<AndNode>(node);
        var inner = Assert.IsType<AndNode>(and.Left);
        Assert.Equal(new NumberCondition(RuleField.Age, RuleOperator.GreaterOrEqual, 80, 0), inner.Left);
        Assert.Equal(new ChoiceCondition(RuleField.Residency, true, "Registered", 14), inner.Right);
        var not = Assert.IsType<NotNode>(and.Right);
        Assert.Equal(new TagCondition("已故", 41), not.Inner);
    }

    [Theory]
    [InlineData("年龄 >= 80 且 户籍类型 = 户籍 且 非 标签 已故", "age >= 80 and residency = registered and not tag 已故")]
    [InlineData("AGE>=80 AND Residency=REGISTERED", "age >= 80 and residency = registered")]
    [InlineData("age ≥ 80 && residency ≠ 流动", "age >= 80 and residency != floating")]
    [InlineData("年龄＞79（且）", null)]
    [InlineData("户人数 = 1", "household_size = 1")]
    [InlineData("独居", "living_alone")]
    [InlineData("living_alone = 否", "living_alone = false")]
    [InlineData("living_alone != false", "living_alone")]
    [InlineData("家庭成员年龄 < 18", "member_age < 18")]
    [InlineData("残疾等级 <= 2", "disability_grade <= 2")]
    [InlineData("性别 = 女 and age > 60", "sex = female and age > 60")]
    [InlineData("区域 属于 370811012007", "area in 370811012007")]
    [InlineData("area in 370811012007-W01", "area in 370811012007-W01")]
    [InlineData("area != 370811012007", "not area in 370811012007")]
    [InlineData("tag = 独居", "tag 独居")]
    [InlineData("tag != 独居", "not tag 独居")]
    [InlineData("tag \"重点 人群\"", "tag \"重点 人群\"")]
    [InlineData("tag “低保”", "tag 低保")]
    [InlineData("a > 1", null)]
    [InlineData("age < 18 or age > 60 and tag 低保", "age < 18 or age > 60 and tag 低保")]
    [InlineData("(age < 18 or age > 60) and tag 低保", "(age < 18 or age > 60) and tag 低保")]
    [InlineData("not (tag 低保 and tag 残疾)", "not (tag 低保 and tag 残疾)")]
    [InlineData("not not tag 低保", "not not tag 低保")]
    [InlineData("age <> 80", "age != 80")]
    [InlineData("age == 80", "age = 80")]
    public void Rules_in_either_language_parse_to_one_canonical_form(string rule, string? canonical)
    {
        if (canonical is null)
        {
            Assert.Throws<RuleException>(() => RuleParser.Parse(rule));
            return;
        }
        var parsed = RuleParser.Parse(rule);
        Assert.Equal(canonical, RuleParser.Format(parsed));
        // The canonical form parses back to the same rule.
        Assert.Equal(canonical, RuleParser.Format(RuleParser.Parse(canonical)));
    }

    [Fact]
    public void And_binds_tighter_than_or_and_not_tighter_than_and()
    {
        var or = Assert.IsType<OrNode>(RuleParser.Parse("tag 甲 or tag 乙 and not tag 丙"));
        Assert.IsType<TagCondition>(or.Left);
        var and = Assert.IsType<AndNode>(or.Right);
        Assert.IsType<NotNode>(and.Right);
    }

    [Theory]
    [InlineData("", 0, RuleErrorKind.Empty)]
    [InlineData("   ", 0, RuleErrorKind.Empty)]
    [InlineData("agee >= 80", 0, RuleErrorKind.UnknownField)]
    [InlineData("age >= 80 and 收入 > 3", 14, RuleErrorKind.UnknownField)]
    [InlineData("age >= abc", 7, RuleErrorKind.BadValue)]
    [InlineData("age >= 200", 7, RuleErrorKind.BadValue)]
    [InlineData("age >= -1", 7, RuleErrorKind.BadValue)]
    [InlineData("age >= 8.5", 7, RuleErrorKind.BadValue)]
    [InlineData("residency = 外国", 12, RuleErrorKind.BadValue)]
    [InlineData("residency > 户籍", 10, RuleErrorKind.BadOperator)]
    [InlineData("tag > 独居", 4, RuleErrorKind.BadOperator)]
    [InlineData("living_alone = maybe", 15, RuleErrorKind.BadValue)]
    [InlineData("残疾等级 = 5", 7, RuleErrorKind.BadValue)]
    [InlineData("age >=", 6, RuleErrorKind.UnexpectedEnd)]
    [InlineData("age 80", 4, RuleErrorKind.UnexpectedToken)]
    [InlineData("age >= 80 and", 13, RuleErrorKind.UnexpectedEnd)]
    [InlineData("age >= 80 tag 低保", 10, RuleErrorKind.UnexpectedToken)]
    [InlineData("and age >= 80", 0, RuleErrorKind.UnexpectedToken)]
    [InlineData("(age >= 80", 0, RuleErrorKind.UnclosedParenthesis)]
    [InlineData("age >= 80)", 9, RuleErrorKind.UnexpectedToken)]
    [InlineData("()", 1, RuleErrorKind.UnexpectedToken)]
    [InlineData("tag \"低保", 4, RuleErrorKind.UnclosedQuote)]
    [InlineData("age >= 80 ; drop", 10, RuleErrorKind.UnexpectedToken)]
    [InlineData("! tag 低保", 0, RuleErrorKind.UnexpectedToken)]
    [InlineData("area 370811", 5, RuleErrorKind.UnexpectedToken)]
    [InlineData("tag", 3, RuleErrorKind.UnexpectedEnd)]
    [InlineData("tag \"  \"", 4, RuleErrorKind.UnexpectedToken)]
    public void Errors_carry_the_position_and_the_kind(string rule, int position, RuleErrorKind kind)
    {
        var e = Assert.Throws<RuleException>(() => RuleParser.Parse(rule));
        Assert.Equal((kind, position), (e.Kind, e.Position));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Unknown_field_names_the_word_found()
    {
        var e = Assert.Throws<RuleException>(() => RuleParser.Parse("年龄 >= 80 且 月收入 < 1000"));
        Assert.Equal(("月收入", 11), (e.Found, e.Position));
    }

    [Fact]
    public void Long_and_deep_rules_are_refused_not_overflowed()
    {
        Assert.Equal(RuleErrorKind.TooLong, Assert.Throws<RuleException>(() => RuleParser.Parse(new string(' ', RuleParser.MaxLength + 1))).Kind);
        var deep = new string('(', 200) + "tag 低保" + new string(')', 200);
        Assert.Equal(RuleErrorKind.TooDeep, Assert.Throws<RuleException>(() => RuleParser.Parse(deep)).Kind);
        var nots = string.Concat(Enumerable.Repeat("not ", 300)) + "tag 低保";
        Assert.Equal(RuleErrorKind.TooDeep, Assert.Throws<RuleException>(() => RuleParser.Parse(nots)).Kind);
        // A long flat rule is fine.
        var flat = string.Join(" or ", Enumerable.Range(0, 100).Select(i => $"age = {i}"));
        Assert.IsType<OrNode>(RuleParser.Parse(flat));
    }

    [Fact]
    public void The_compiler_flattens_chains_and_keeps_positions_for_the_registry()
    {
        const string rule = "tag 甲 and tag 乙 and (独居 or member_age < 18) and residency != 流动";
        var c = RuleCompiler.Compile(RuleParser.Parse(rule));
        var all = Assert.IsType<ResidentCriterion.All>(c);
        Assert.Equal(4, all.Items.Count);
        Assert.Equal(new ResidentCriterion.Tag("乙", rule.IndexOf("乙")), all.Items[1]);
        var any = Assert.IsType<ResidentCriterion.Any>(all.Items[2]);
        Assert.Equal(new ResidentCriterion.HouseholdSize(CriterionOperator.Equal, 1, rule.IndexOf("独居")), any.Items[0]);
        Assert.Equal(new ResidentCriterion.MemberAge(CriterionOperator.Less, 18, rule.IndexOf("member_age")), any.Items[1]);
        var not = Assert.IsType<ResidentCriterion.Not>(all.Items[3]);
        Assert.Equal(new ResidentCriterion.Residency(ResidencyKind.Floating, rule.IndexOf("residency")), not.Inner);
    }
}
