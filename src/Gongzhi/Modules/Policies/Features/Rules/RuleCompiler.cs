using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Registry.Contracts;

namespace Gongzhi.Modules.Policies.Features.Rules;

/// <summary>Turns a parsed rule into the registry's criterion (the registry then makes it one database query).</summary>
public static class RuleCompiler
{
    public static ResidentCriterion Compile(RuleNode node) => node switch
    {
        AndNode a => new ResidentCriterion.All([.. Flatten<AndNode>(a, x => (x.Left, x.Right)).Select(Compile)]),
        OrNode o => new ResidentCriterion.Any([.. Flatten<OrNode>(o, x => (x.Left, x.Right)).Select(Compile)]),
        NotNode n => new ResidentCriterion.Not(Compile(n.Inner)),
        NumberCondition c => c.Field switch
        {
            RuleField.Age => new ResidentCriterion.Age(Operator(c.Operator), c.Value, c.Position),
            RuleField.HouseholdSize => new ResidentCriterion.HouseholdSize(Operator(c.Operator), c.Value, c.Position),
            RuleField.MemberAge => new ResidentCriterion.MemberAge(Operator(c.Operator), c.Value, c.Position),
            RuleField.DisabilityGrade => new ResidentCriterion.DisabilityGrade(Operator(c.Operator), c.Value, c.Position),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        },
        ChoiceCondition c => Negated(c.Equal, c.Field == RuleField.Residency
            ? new ResidentCriterion.Residency(Enum.Parse<ResidencyKind>(c.Value), c.Position)
            : new ResidentCriterion.Sex(Enum.Parse<SexKind>(c.Value), c.Position)),
        TagCondition t => new ResidentCriterion.Tag(t.Tag, t.Position),
        AreaCondition a => new ResidentCriterion.InArea(a.Code, a.Position),
        // Living alone: the household's current member count is one.
        LivingAloneCondition l => Negated(l.Value, new ResidentCriterion.HouseholdSize(CriterionOperator.Equal, 1, l.Position)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static ResidentCriterion Negated(bool keep, ResidentCriterion c) => keep ? c : new ResidentCriterion.Not(c);

    /// <summary>a and b and c parses as ((a and b) and c); the registry gets one list.</summary>
    private static IEnumerable<RuleNode> Flatten<T>(RuleNode node, Func<T, (RuleNode Left, RuleNode Right)> parts) where T : RuleNode
    {
        if (node is not T same) return [node];
        var (left, right) = parts(same);
        return Flatten(left, parts).Concat(Flatten(right, parts));
    }

    private static CriterionOperator Operator(RuleOperator op) => op switch
    {
        RuleOperator.Equal => CriterionOperator.Equal,
        RuleOperator.NotEqual => CriterionOperator.NotEqual,
        RuleOperator.Greater => CriterionOperator.Greater,
        RuleOperator.GreaterOrEqual => CriterionOperator.GreaterOrEqual,
        RuleOperator.Less => CriterionOperator.Less,
        _ => CriterionOperator.LessOrEqual,
    };
}
