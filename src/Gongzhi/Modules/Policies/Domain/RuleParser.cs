using System.Globalization;

namespace Gongzhi.Modules.Policies.Domain;

/// <summary>
/// The eligibility rule language (政策找人), e.g. <c>age >= 80 and residency = 户籍 and not tag 已故</c> or
/// <c>年龄 >= 80 且 户籍类型 = 户籍 且 非 标签 已故</c>. Grammar, loosest first:
/// <code>
/// rule      := or
/// or        := and (("or" | "或" | "或者" | "||") and)*
/// and       := unary (("and" | "且" | "并且" | "&amp;&amp;") unary)*
/// unary     := ("not" | "非" | "不") unary | "(" rule ")" | condition
/// condition := ("tag" | "标签") ["=" | "!="] value
///            | ("area" | "区域") ("in" | "属于" | "=" | "!=") value
///            | ("living_alone" | "独居") [("=" | "!=") boolean]
///            | numeric-field operator whole-number      (age, household_size, member_age, disability_grade)
///            | choice-field ("=" | "!=") choice          (residency 户籍/常住/流动, sex 男/女)
/// </code>
/// Tokens are separated by spaces, operators or parentheses (full-width ones too); a value with spaces is quoted.
/// Errors are <see cref="RuleException"/>s carrying the character offset and the kind. Pure code: the registry
/// checks tags and areas when the rule is evaluated.
/// </summary>
public static class RuleParser
{
    public const int MaxLength = 2000;
    public const int MaxDepth = 40;

    private enum TokenKind { Word, Quoted, Operator, Open, Close, And, Or, Not, In, End }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    public static RuleNode Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxLength) throw new RuleException(MaxLength, RuleErrorKind.TooLong, null, $"A rule has at most {MaxLength} characters.");
        var tokens = Tokenize(text);
        if (tokens[0].Kind == TokenKind.End) throw new RuleException(0, RuleErrorKind.Empty, null, "The rule is empty.");
        var parser = new Parser(tokens);
        var node = parser.ParseOr(0);
        var next = parser.Peek;
        if (next.Kind == TokenKind.Close) throw new RuleException(next.Position, RuleErrorKind.UnexpectedToken, next.Text, $"Unexpected ')' at {next.Position}: no '(' opened it.");
        if (next.Kind != TokenKind.End) throw new RuleException(next.Position, RuleErrorKind.UnexpectedToken, next.Text, $"Unexpected '{next.Text}' at {next.Position}: expected and, or or the end of the rule.");
        return node;
    }

    /// <summary>The rule in canonical English form (for display and tests): parses back to the same tree.</summary>
    public static string Format(RuleNode node) => node switch
    {
        AndNode a => $"{Grouped(a.Left, a)} and {Grouped(a.Right, a)}",
        OrNode o => $"{Format(o.Left)} or {Format(o.Right)}",
        NotNode n => $"not {Grouped(n.Inner, n)}",
        NumberCondition c => $"{FieldName(c.Field)} {OperatorText(c.Operator)} {c.Value.ToString(CultureInfo.InvariantCulture)}",
        ChoiceCondition c => $"{FieldName(c.Field)} {(c.Equal ? "=" : "!=")} {c.Value.ToLowerInvariant()}",
        TagCondition t => $"tag {Quote(t.Tag)}",
        AreaCondition a => $"area in {Quote(a.Code)}",
        LivingAloneCondition l => l.Value ? "living_alone" : "living_alone = false",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Grouped(RuleNode child, RuleNode parent) =>
        child is OrNode || (parent is NotNode && child is AndNode) ? $"({Format(child)})" : Format(child);

    private static string Quote(string value) => value.Any(c => char.IsWhiteSpace(c) || !IsWordChar(c)) ? $"\"{value}\"" : value;

    private static string FieldName(RuleField field) => field switch
    {
        RuleField.Age => "age", RuleField.Residency => "residency", RuleField.Sex => "sex", RuleField.HouseholdSize => "household_size",
        RuleField.LivingAlone => "living_alone", RuleField.MemberAge => "member_age", RuleField.DisabilityGrade => "disability_grade",
        RuleField.Tag => "tag", RuleField.Area => "area", _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static string OperatorText(RuleOperator op) => op switch
    {
        RuleOperator.Equal => "=", RuleOperator.NotEqual => "!=", RuleOperator.Greater => ">", RuleOperator.GreaterOrEqual => ">=",
        RuleOperator.Less => "<", _ => "<=",
    };

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '·' or '/';

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\u3000') { i++; continue; }
            var start = i;
            if (c is '(' or '（') { tokens.Add(new(TokenKind.Open, "(", i++)); continue; }
            if (c is ')' or '）') { tokens.Add(new(TokenKind.Close, ")", i++)); continue; }
            if (c is '"' or '“' or '\'' or '‘' or '”')
            {
                var close = c switch { '“' or '”' => '”', '‘' => '’', _ => c };
                var end = text.IndexOf(close, i + 1);
                if (c == '“' && end < 0) end = text.IndexOf('"', i + 1);
                if (end < 0) throw new RuleException(start, RuleErrorKind.UnclosedQuote, c.ToString(), $"The quote opened at {start} is not closed.");
                tokens.Add(new(TokenKind.Quoted, text[(i + 1)..end], start));
                i = end + 1;
                continue;
            }
            if (c == '&' && i + 1 < text.Length && text[i + 1] == '&') { tokens.Add(new(TokenKind.And, "&&", i)); i += 2; continue; }
            if (c == '|' && i + 1 < text.Length && text[i + 1] == '|') { tokens.Add(new(TokenKind.Or, "||", i)); i += 2; continue; }
            if (c is '=' or '!' or '<' or '>' or '≥' or '≤' or '≠' or '＝' or '＞' or '＜' or '！')
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : null;
                var op = two is ">=" or "<=" or "!=" or "<>" or "==" or "！=" or "＞=" or "＜=" ? two : c.ToString();
                if (op is "!" or "！") throw new RuleException(start, RuleErrorKind.UnexpectedToken, op, $"Unexpected '!' at {start}: write not, or != to compare.");
                tokens.Add(new(TokenKind.Operator, op, start));
                i += op.Length;
                continue;
            }
            if (!IsWordChar(c)) throw new RuleException(start, RuleErrorKind.UnexpectedToken, c.ToString(), $"Unexpected '{c}' at {start}.");
            while (i < text.Length && IsWordChar(text[i])) i++;
            var word = text[start..i];
            var kind = word.ToLowerInvariant() switch
            {
                "and" or "且" or "并且" => TokenKind.And,
                "or" or "或" or "或者" => TokenKind.Or,
                "not" or "非" or "不" or "没有" => TokenKind.Not,
                "in" or "属于" => TokenKind.In,
                _ => TokenKind.Word,
            };
            tokens.Add(new(kind, word, start));
        }
        tokens.Add(new(TokenKind.End, "", text.Length));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        public Token Peek => tokens[_next];

        private Token Take() => tokens[_next < tokens.Count - 1 ? _next++ : _next];

        public RuleNode ParseOr(int depth)
        {
            var left = ParseAnd(depth);
            while (Peek.Kind == TokenKind.Or)
            {
                var op = Take();
                left = new OrNode(left, ParseAnd(depth), op.Position);
            }
            return left;
        }

        private RuleNode ParseAnd(int depth)
        {
            var left = ParseUnary(depth);
            while (Peek.Kind == TokenKind.And)
            {
                var op = Take();
                left = new AndNode(left, ParseUnary(depth), op.Position);
            }
            return left;
        }

        private RuleNode ParseUnary(int depth)
        {
            var token = Peek;
            if (depth > MaxDepth) throw new RuleException(token.Position, RuleErrorKind.TooDeep, token.Text, $"The rule nests more than {MaxDepth} levels deep at {token.Position}.");
            switch (token.Kind)
            {
                case TokenKind.Not:
                    Take();
                    return new NotNode(ParseUnary(depth + 1), token.Position);
                case TokenKind.Open:
                {
                    Take();
                    var inner = ParseOr(depth + 1);
                    if (Peek.Kind != TokenKind.Close)
                    {
                        var at = Peek;
                        if (at.Kind == TokenKind.End) throw new RuleException(token.Position, RuleErrorKind.UnclosedParenthesis, "(", $"The '(' at {token.Position} is not closed.");
                        throw new RuleException(at.Position, RuleErrorKind.UnexpectedToken, at.Text, $"Unexpected '{at.Text}' at {at.Position}: expected ')'.");
                    }
                    Take();
                    return inner;
                }
                case TokenKind.Word:
                    return ParseCondition();
                case TokenKind.End:
                    throw new RuleException(token.Position, RuleErrorKind.UnexpectedEnd, null, $"The rule ends at {token.Position} where a condition is expected.");
                default:
                    throw new RuleException(token.Position, RuleErrorKind.UnexpectedToken, token.Text, $"Unexpected '{token.Text}' at {token.Position}: expected a condition.");
            }
        }

        private RuleNode ParseCondition()
        {
            var name = Take();
            if (!RuleFields.Names.TryGetValue(name.Text, out var field))
                throw new RuleException(name.Position, RuleErrorKind.UnknownField, name.Text, $"Unknown field '{name.Text}' at {name.Position}.");
            switch (field)
            {
                case RuleField.Tag:
                {
                    var negate = false;
                    if (Peek.Kind == TokenKind.Operator) negate = EqualityOperator(field);
                    var value = Value();
                    RuleNode tag = new TagCondition(value.Text, value.Position);
                    return negate ? new NotNode(tag, name.Position) : tag;
                }
                case RuleField.Area:
                {
                    var negate = false;
                    if (Peek.Kind == TokenKind.In || (Peek.Kind == TokenKind.Word && Peek.Text == "在")) Take();
                    else if (Peek.Kind == TokenKind.Operator) negate = EqualityOperator(field);
                    else throw Expected("in");
                    var value = Value();
                    RuleNode area = new AreaCondition(value.Text, value.Position);
                    return negate ? new NotNode(area, name.Position) : area;
                }
                case RuleField.LivingAlone:
                {
                    if (Peek.Kind != TokenKind.Operator) return new LivingAloneCondition(true, name.Position);
                    var negate = EqualityOperator(field);
                    var value = Value();
                    if (!RuleFields.Booleans.TryGetValue(value.Text, out var flag))
                        throw new RuleException(value.Position, RuleErrorKind.BadValue, value.Text, $"'{value.Text}' at {value.Position} is not true or false (是/否).");
                    return new LivingAloneCondition(flag != negate, name.Position);
                }
                case RuleField.Residency or RuleField.Sex:
                {
                    var negate = EqualityOperator(field);
                    var value = Value();
                    var choices = field == RuleField.Residency ? RuleFields.Residencies : RuleFields.Sexes;
                    if (!choices.TryGetValue(value.Text, out var canonical))
                        throw new RuleException(value.Position, RuleErrorKind.BadValue, value.Text,
                            $"'{value.Text}' at {value.Position} is not one of: {string.Join(", ", choices.Keys)}.");
                    return new ChoiceCondition(field, !negate, canonical, name.Position);
                }
                default:
                {
                    var op = Operator();
                    var value = Value();
                    var (min, max) = field switch { RuleField.HouseholdSize => (0, 99), RuleField.DisabilityGrade => (1, 4), _ => (0, 150) };
                    if (!int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
                        throw new RuleException(value.Position, RuleErrorKind.BadValue, value.Text,
                            $"'{value.Text}' at {value.Position} is not a whole number from {min} to {max}.");
                    return new NumberCondition(field, op, number, name.Position);
                }
            }
        }

        /// <summary>Reads = or != (true: negated); other operators do not apply to the field.</summary>
        private bool EqualityOperator(RuleField field)
        {
            var op = Peek;
            if (op.Kind != TokenKind.Operator) throw Expected("=");
            Take();
            return op.Text switch
            {
                "=" or "==" or "＝" => false,
                "!=" or "<>" or "≠" or "！=" => true,
                _ => throw new RuleException(op.Position, RuleErrorKind.BadOperator, op.Text, $"'{op.Text}' at {op.Position} does not apply to {field}: use = or !=."),
            };
        }

        private RuleOperator Operator()
        {
            var op = Peek;
            if (op.Kind != TokenKind.Operator) throw Expected("a comparison (= != > >= < <=)");
            Take();
            return op.Text switch
            {
                "=" or "==" or "＝" => RuleOperator.Equal,
                "!=" or "<>" or "≠" or "！=" => RuleOperator.NotEqual,
                ">" or "＞" => RuleOperator.Greater,
                ">=" or "≥" or "＞=" => RuleOperator.GreaterOrEqual,
                "<" or "＜" => RuleOperator.Less,
                _ => RuleOperator.LessOrEqual,
            };
        }

        private Token Value()
        {
            var value = Peek;
            if (value.Kind is TokenKind.Word or TokenKind.Quoted && value.Text.Trim().Length > 0)
            {
                Take();
                return value with { Text = value.Text.Trim() };
            }
            throw Expected("a value");
        }

        private RuleException Expected(string what)
        {
            var at = Peek;
            return at.Kind == TokenKind.End
                ? new RuleException(at.Position, RuleErrorKind.UnexpectedEnd, null, $"The rule ends at {at.Position} where {what} is expected.")
                : new RuleException(at.Position, RuleErrorKind.UnexpectedToken, at.Text, $"Unexpected '{at.Text}' at {at.Position}: expected {what}.");
        }
    }
}
